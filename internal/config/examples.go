package config

import "regexp"

// exampleObjectID matches the made-up Entra object ids the committed stack
// files ship with (00000000-0000-0000-0000-…), so that the offline plan and
// `pulumi preview` work out of the box. No real object id has that form:
// Entra issues random ones.
var exampleObjectID = regexp.MustCompile(`^00000000-0000-0000-0000-[0-9a-fA-F]{12}$`)

// IsExampleObjectID reports whether id is one of the stack files' examples.
func IsExampleObjectID(id string) bool { return exampleObjectID.MatchString(id) }

// CheckDeployable refuses a deployment (not a plan or preview) while any
// object id is still a stack file's example: Microsoft Graph rejects unknown
// ids as group members and role assignees, and the first `pulumi up` would
// fail halfway, after the SQL admin group exists without members. Every
// such key is named, with the command that sets it.
func (c *Config) CheckDeployable() error {
	p := &parser{}
	examples := func(key string, ids []string) {
		for i, id := range ids {
			if IsExampleObjectID(id) {
				p.problem(key, "item %d (%s) is the stack file's example object id; set your tenant's before deploying: pulumi config set --path '%s[%d]' <object id>", i, id, FullName(key), i)
			}
		}
	}
	examples("sqlAdminGroupMembers", c.SQL.AdminGroupMembers)
	for _, role := range BackofficeRoles {
		examples(BackofficeRoleKeys[role], c.Auth.BackofficeRoleGroups[role])
	}
	if IsExampleObjectID(c.Auth.CustomerTenantID) {
		p.problem("customerTenantId", "%s is an example tenant id; set your customer tenant's, or remove the key", c.Auth.CustomerTenantID)
	}
	if len(p.problems) > 0 {
		return &Error{Stack: c.Stack, Problems: p.sorted(), NotDeployable: true}
	}
	return nil
}
