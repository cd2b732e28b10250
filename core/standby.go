package core

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Standby is the warm standby's data tier in the secondary region: a
// partner SQL server in a resource group of its own (a failover must not
// depend on the primary region's group, and the partner's lifecycle is not
// the primary's: AVM's failover groups had to learn this, issues 3609 and
// 5560 of bicep-registry-modules), holding the geo-secondary of the shop
// database, joined to the primary by an auto-failover group.
type Standby struct {
	Location          string
	ResourceGroupName pulumi.StringOutput
	ServerID          pulumi.StringOutput
	ServerName        pulumi.StringOutput
	DatabaseID        pulumi.StringOutput
	FailoverGroupName pulumi.StringOutput
	// Worker is the standby's queue worker: the primary's, at the standby's
	// instance counts.
	Worker Worker
	// Network is the standby's VNet in its region, peered with the
	// primary's; nil without private networking.
	Network *Network

	// group is the standby's resource group, what its resources are deleted
	// with on teardown.
	group pulumi.Resource
}

// create makes the standby's data tier and points d's hosts at the failover
// group's listeners, <group>.<domain> and <group>.secondary.<domain>
// (https://learn.microsoft.com/azure/azure-sql/database/failover-group-sql-db#failover-group-read-write-listener:
// CNAMEs to the current primary and secondary, 30 s TTL; through a private
// endpoint they resolve by the servers' own privatelink records, so the
// private DNS zone holds no listener record): every client then reaches the current primary (or,
// read-only, the current secondary) without knowing which server that is.
// s.group is set as soon as the group exists, for teardown to read while
// the rest registers.
func (s *Standby) create(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, d *Database, primary *Network, reach standbyReach, opts ...pulumi.ResourceOption) error {
	dr := args.DisasterRecovery
	o, primaryDB := args.Options.In(dr.SecondaryLocation), d.db
	n := dr.SecondaryNames
	// Everything in the standby's group is named base-…, and nothing else
	// is: teardown deletes those with that group (baseline.IsStandby).
	base := baseline.StandbyName(name)
	rg, err := lockedGroup(ctx, base+"-rg", o, n.Name(naming.ResourceGroup, ""),
		"The shop's standby lives here: the database's geo-secondary above all. Remove this lock deliberately before deleting anything.", opts...)
	if err != nil {
		return err
	}
	s.Location, s.ResourceGroupName, s.group = o.Location, rg.Name, rg

	// The partner takes the primary's baseline: Entra-only with the same
	// admin group, TLS 1.2, audit to the same workspace, private only when
	// the primary is.
	server, err := o.SQLServer(ctx, base+"-sql", baseline.SQLServerArgs{
		ResourceGroupName:   rg.Name,
		ServerName:          n.Name(naming.SQLServer, ""),
		Admin:               args.SQLAdmin,
		Workspace:           f.Workspace,
		PublicNetworkAccess: f.Network == nil,
	}, opts...)
	if err != nil {
		return err
	}
	s.ServerID, s.ServerName = server.ID().ToStringOutput(), server.Name

	// The geo-secondary is declared, not left to the group: the group would
	// create it without zone redundancy
	// (https://learn.microsoft.com/azure/reliability/reliability-sql-database,
	// failover groups), and a declared database carries its diagnostics and
	// alerts. createMode and sourceDatabaseId are create-only and never read
	// back; secondaryType is what a failover flips, which refresh would
	// otherwise turn into a PUT on whichever side is secondary then.
	cfg := args.SQL
	dbArgs := &sql.DatabaseArgs{
		DatabaseName:      pulumi.String(DatabaseName),
		ServerName:        server.Name,
		ResourceGroupName: rg.Name,
		Location:          pulumi.String(o.Location),
		CreateMode:        pulumi.String("Secondary"),
		SourceDatabaseId:  primaryDB.ID(),
		// The same service objective as the primary, as failover groups
		// require of their secondaries.
		// No maxSizeBytes: a secondary takes its primary's (azurerm v4.61.0
		// refuses to send one in secondary create mode). No auto-pause:
		// geo-replication needs it off (config refuses serverless pausing
		// with a standby).
		Sku:                              databaseSku(cfg.SKU),
		ZoneRedundant:                    pulumi.Bool(cfg.ZoneRedundant),
		RequestedBackupStorageRedundancy: pulumi.String(cfg.BackupRedundancy),
		Tags:                             o.TagMap(),
	}
	if cfg.SKU.Serverless {
		dbArgs.MinCapacity = pulumi.Float64(0.5)
	}
	// Seeding copies the whole database across regions inside the create.
	seeding := pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "12h"})
	partnerDB, err := sql.NewDatabase(ctx, base+"-sqldb", dbArgs, o.Stateful(pulumi.Parent(server), seeding,
		pulumi.IgnoreChanges(append(slices.Clip(failoverFlips), "maxSizeBytes")))...)
	if err != nil {
		return err
	}
	s.DatabaseID = partnerDB.ID().ToStringOutput()
	if _, err := baseline.Diagnostics(ctx, base+"-sqldb-diag", baseline.DiagnosticsArgs{
		ResourceID: s.DatabaseID, Workspace: f.Workspace, Signals: baseline.SQLDatabase,
	}, pulumi.Parent(partnerDB)); err != nil {
		return err
	}
	// After a failover the geo-secondary is the shop database: it keeps the
	// same long-term backups ("configure the same LTR policy on the
	// secondary", https://learn.microsoft.com/azure/azure-sql/database/long-term-retention-overview#geo-replication-and-long-term-backup-retention).
	if err := longTermRetention(ctx, base+"-sqldb-ltr", cfg.LongTermRetention, server.Name, partnerDB.Name, rg.Name, pulumi.Parent(partnerDB)); err != nil {
		return err
	}

	// Customer-managed failover (Manual): Microsoft recommends it, as a
	// Microsoft-managed failover comes after a significant delay and on a
	// best-effort basis (reliability-sql-database, "Failover groups").
	// The read-only listener stays on the secondary, so reads taken off the
	// primary (Data Factory's extracts) never land on it.
	fog, err := sql.NewFailoverGroup(ctx, name+"-sqlfg", &sql.FailoverGroupArgs{
		FailoverGroupName: pulumi.String(args.Names.Name(naming.SQLFailoverGroup, "")),
		ServerName:        d.ServerName,
		ResourceGroupName: f.ResourceGroupName,
		PartnerServers:    sql.PartnerInfoArray{sql.PartnerInfoArgs{Id: server.ID()}},
		Databases:         pulumi.StringArray{primaryDB.ID()},
		ReadWriteEndpoint: sql.FailoverGroupReadWriteEndpointArgs{FailoverPolicy: pulumi.String("Manual")},
		ReadOnlyEndpoint:  sql.FailoverGroupReadOnlyEndpointArgs{FailoverPolicy: pulumi.String("Disabled")},
		Tags:              args.Options.TagMap(),
		// Tags are ignored after creation: Azure refuses any change of the
		// group sent to the server that is secondary after a failover
		// (FailoverGroupUpdateOrDeleteRequestOnSecondary), and a tag is not
		// worth a failed `up`.
	}, args.Options.Stateful(pulumi.Parent(primaryDB), pulumi.DependsOn([]pulumi.Resource{partnerDB}), seeding,
		pulumi.IgnoreChanges([]string{"tags"}))...)
	if err != nil {
		return err
	}
	s.FailoverGroupName = fog.Name
	// The listeners live in the server's DNS domain (database.windows.net
	// in Azure's public cloud): derived from its name, not assumed.
	listener := func(secondary bool) pulumi.StringOutput {
		return pulumi.All(fog.Name, d.ServerFQDN).ApplyT(func(v []any) string {
			_, domain, _ := strings.Cut(v[1].(string), ".")
			if secondary {
				return v[0].(string) + ".secondary." + domain
			}
			return v[0].(string) + "." + domain
		}).(pulumi.StringOutput)
	}
	d.Host, d.ReadOnlyHost = listener(false), listener(true)

	// The standby's private network: its VNet peered with the primary's,
	// the zones linked to it, the partner's endpoint and the standby's
	// own way to the storage account and the vault (standbynet.go).
	if primary != nil {
		return s.privateNetwork(ctx, name, args, f, primary, server.ID(), reach, opts...)
	}
	return nil
}

// failoverFlips are the shop database's properties a failover changes on
// either server (azure-native copies a changed output into its inputs on
// refresh): ignored, so the `up` after a failover plans no update of a
// database whose role changed.
var failoverFlips = []string{"secondaryType", "createMode", "sourceDatabaseId"}

// worker creates the standby's queue worker: the primary's settings,
// identity roles and grants, in the standby's group and region, on a plan of
// its own at the standby's instance counts (zone-redundant like the
// primary's where the pair has zones). It competes for the same queues
// with the primary's worker, so it is warm without a switch to flip.
func (s *Standby) worker(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, in workerInputs, opts ...pulumi.ResourceOption) (Worker, error) {
	dr := args.DisasterRecovery
	sb := args
	sb.Options, sb.Names = args.Options.In(s.Location), dr.SecondaryNames
	sb.Worker.MinInstances = dr.WorkerMinInstances
	sb.Worker.ZoneRedundant = args.Worker.ZoneRedundant && dr.Zones
	sf := f
	sf.ResourceGroupName, sf.Network, in.network, in.sharedPlanID = s.ResourceGroupName, nil, s.Network, nil
	in.hostID = hostID(sb.Names.Name(naming.FunctionApp, "worker"))
	if s.Network != nil {
		sf.Network = s.Network.private
	}
	return worker(ctx, baseline.StandbyName(name), sb, sf, in, opts...)
}

// hostID is the standby worker's Functions host id. Both workers keep their
// host state in the one storage account, and a host's default id is the
// first 32 characters of its app's name, which the two names may share
// (long stack names push the region code past them): a collision stops the
// host (https://learn.microsoft.com/azure/azure-functions/storage-considerations#host-id-considerations).
// The last 32 characters hold the pair's region code and the suffix, and
// keep the id's rules: lowercase letters, digits and single dashes, no
// dash at either end.
func hostID(appName string) string {
	if len(appName) > 32 {
		appName = appName[len(appName)-32:]
	}
	return strings.Trim(appName, "-")
}
