package baseline

import (
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Role is a built-in Azure role definition id.
type Role string

// The built-in roles the platform grants. Ids from
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles.
const (
	StorageBlobDataContributor    Role = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"
	StorageBlobDataOwner          Role = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
	StorageBlobDataReader         Role = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
	StorageQueueDataContributor   Role = "974c5e8b-45b9-4653-ba55-5f855dd0fb88"
	StorageQueueDataMessageSender Role = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"
	StorageTableDataContributor   Role = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"
	KeyVaultSecretsUser           Role = "4633458b-17de-408a-b874-0445c86b69e6"
	SQLDBContributor              Role = "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec"
	// MonitoringMetricsPublisher lets an identity send telemetry to an
	// Application Insights resource with local (key) auth off.
	MonitoringMetricsPublisher Role = "3913510d-42f4-4e42-8a64-420c390055eb"
)

// Access is one role on one scope, the unit of least privilege.
type Access struct {
	Scope pulumi.StringInput `arg:"required"`
	Role  Role               `arg:"required"`
	// Description defaults to "<holder> <key>".
	Description string `arg:"optional"`
}

// RoleAssignmentsArgs grant a managed identity its accesses, each keyed by a
// short name ("queue-notifications", "kv") that names its resource.
type RoleAssignmentsArgs struct {
	PrincipalID pulumi.StringInput `arg:"required"`
	// Holder names the identity in the assignments' descriptions.
	Holder string            `arg:"required"`
	Access map[string]Access `arg:"required"`
}

// assignmentNamespace roots the UUID v5 names of role assignments.
var assignmentNamespace = uuid.MustParse("5f0f6a3e-2b7c-4f0e-9a55-7c1f0f6d2a10")

// AssignmentName is the deterministic GUID of an assignment: the same scope,
// principal and role always give the same name, so a re-run never creates a
// duplicate (which Azure refuses) or replaces the grant.
func AssignmentName(scope, principalID string, role Role) string {
	return uuid.NewSHA1(assignmentNamespace, []byte(scope+"|"+principalID+"|"+string(role))).String()
}

// RoleDefinitionID is the full id of a built-in role in the subscription.
func (o Options) RoleDefinitionID(role Role) string {
	return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", o.SubscriptionID, role)
}

// RoleAssignments creates one role assignment per access, named
// name-<key>. An access without a scope is refused before anything is
// registered: an assignment on nothing would fail at deployment, or worse,
// land on a wider scope.
func (o Options) RoleAssignments(ctx *pulumi.Context, name string, a RoleAssignmentsArgs, opts ...pulumi.ResourceOption) ([]*authorization.RoleAssignment, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(a.Access))
	var out []*authorization.RoleAssignment
	for _, key := range keys {
		access := a.Access[key]
		assignmentName := pulumi.All(access.Scope, a.PrincipalID).ApplyT(func(v []any) string {
			return AssignmentName(v[0].(string), v[1].(string), access.Role)
		}).(pulumi.StringOutput)
		description := access.Description
		if description == "" {
			description = a.Holder + " " + key
		}
		ra, err := authorization.NewRoleAssignment(ctx, name+"-"+key, &authorization.RoleAssignmentArgs{
			Scope:       access.Scope,
			PrincipalId: a.PrincipalID,
			// Stating the type skips the directory lookup that fails while a new
			// identity is still replicating.
			PrincipalType:      pulumi.String("ServicePrincipal"),
			RoleDefinitionId:   pulumi.String(o.RoleDefinitionID(access.Role)),
			RoleAssignmentName: assignmentName,
			Description:        pulumi.String(description),
		}, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, ra)
	}
	return out, nil
}
