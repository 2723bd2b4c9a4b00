using System.Net;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Empowerment: guidelines per role, recorded recoveries, approval above the limit, complaints closed.</summary>
public sealed class EmpowermentTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Guidelines = "/api/v1/empowerment/guidelines";
    private const string Recoveries = "/api/v1/empowerment/recoveries";
    private const string Complaints = "/api/v1/empowerment/complaints";

    private async Task<(ApiSession Owner, ApiSession Leader, ApiSession Employee, string PillarId)> OrganizationAsync()
    {
        var owner = await platform.SignUpAsync();
        var leader = await InviteAsync(platform, owner, "Leader", "Lee");
        var employee = await InviteAsync(platform, owner, "Employee", "Ana");
        var version = await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        var pillarId = version.GetProperty("items")[0].GetProperty("id").GetString()!;
        return (owner, leader, employee, pillarId);
    }

    private static async Task WaitForComplaintAsync(ApiSession leader, string recoveryId) =>
        await Eventually.HoldsAsync(
            async () => (await GetAsync(leader, Complaints + "?includeResolved=true")).GetProperty("items").EnumerateArray().Any(c => c.GetProperty("recoveryId").GetString() == recoveryId),
            TimeSpan.FromSeconds(20),
            "the complaint arrives");

    [Fact]
    public async Task A_leader_writes_a_roles_guideline_with_if_match_and_every_member_reads_it()
    {
        var (_, leader, employee, pillarId) = await OrganizationAsync();
        var before = await employee.Client.GetAsync(new Uri($"{Guidelines}/Employee", UriKind.Relative), Cancel);
        Assert.Equal("\"0\"", before.Headers.ETag!.Tag);

        var written = await SendAsync(leader, HttpMethod.Put, $"{Guidelines}/employee", Guideline(pillarId), "\"0\"");

        await ApiSessions.EnsureAsync(written, HttpStatusCode.OK);
        Assert.Equal("\"1\"", written.Headers.ETag!.Tag);
        var read = await GetAsync(employee, $"{Guidelines}/Employee");
        Assert.Equal(50m, read.GetProperty("refundLimit").GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", read.GetProperty("refundLimit").GetProperty("currency").GetString());
        Assert.Equal(pillarId, read.GetProperty("examples")[0].GetProperty("pillarId").GetString());
        Assert.Equal(leader.MemberId, read.GetProperty("updatedBy").GetString());
        Assert.Equal(["Employee", "Leader", "Owner"], (await GetAsync(employee, Guidelines)).EnumerateArray().Select(g => g.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_guideline_edit_needs_the_current_revision_and_a_failed_one_changes_nothing()
    {
        var (_, leader, employee, pillarId) = await OrganizationAsync();
        await SetGuidelineAsync(leader, "Employee", Guideline(pillarId, 50m));

        var missing = await SendAsync(leader, HttpMethod.Put, $"{Guidelines}/Employee", Guideline(pillarId, 80m));
        var stale = await SendAsync(leader, HttpMethod.Put, $"{Guidelines}/Employee", Guideline(pillarId, 80m), "\"0\"");
        var badPillar = await SendAsync(leader, HttpMethod.Put, $"{Guidelines}/Employee", Guideline("pil_not_in_vision", 80m), "\"1\"");
        var byEmployee = await SendAsync(employee, HttpMethod.Put, $"{Guidelines}/Employee", Guideline(pillarId, 80m), "\"1\"");
        var unknownRole = await SendAsync(leader, HttpMethod.Put, $"{Guidelines}/Janitor", Guideline(pillarId, 80m), "\"0\"");

        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(["examples[0].pillarId"], await ErrorFieldsAsync(badPillar));
        Assert.Equal(HttpStatusCode.Forbidden, byEmployee.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRole.StatusCode);
        var read = await GetAsync(employee, $"{Guidelines}/Employee");
        Assert.Equal(50m, read.GetProperty("refundLimit").GetProperty("amount").GetDecimal());
        Assert.Equal(1, read.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task A_recovery_within_the_limit_closes_its_complaint_and_publishes_ServiceRecoveryResolved()
    {
        await using var listener = await MessageListener<ServiceRecoveryResolved>.StartAsync(platform.BrokerUri);
        var (owner, leader, employee, pillarId) = await OrganizationAsync();
        await SetGuidelineAsync(leader, "Employee", Guideline(pillarId, 50m));
        await PublishComplaintAsync(platform, owner.OrganizationId, "rec_within");
        await PublishComplaintAsync(platform, owner.OrganizationId, "rec_within");
        await WaitForComplaintAsync(leader, "rec_within");

        var recovery = await PostAsync(employee, Recoveries, Recovery(30m, "rec_within", "PartlyRecovered"));

        Assert.Equal("Recorded", recovery.GetProperty("status").GetString());
        Assert.StartsWith("rcv_", Id(recovery), StringComparison.Ordinal);
        var resolved = await listener.WaitForAsync(m => m.RecoveryId == "rec_within", "ServiceRecoveryResolved is published");
        Assert.Equal(owner.OrganizationId, resolved.OrganizationId);
        Assert.Equal(employee.MemberId, resolved.ResolvedBy);
        Assert.Equal("PartlyRecovered", resolved.Outcome);
        Assert.Equal(0, (await GetAsync(leader, Complaints)).GetProperty("total").GetInt32());
        var all = await GetAsync(leader, Complaints + "?includeResolved=true");
        var complaint = Assert.Single(all.GetProperty("items").EnumerateArray());
        Assert.Equal("Resolved", complaint.GetProperty("status").GetString());
        Assert.Equal(employee.MemberId, complaint.GetProperty("resolvedBy").GetString());

        var again = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(10m, "rec_within"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["recoveryId"], await ErrorFieldsAsync(again));
    }

    [Fact]
    public async Task A_recovery_above_the_limit_awaits_a_leaders_approval_before_it_closes_the_complaint()
    {
        await using var listener = await MessageListener<ServiceRecoveryResolved>.StartAsync(platform.BrokerUri);
        var (owner, leader, employee, pillarId) = await OrganizationAsync();
        await SetGuidelineAsync(leader, "Employee", Guideline(pillarId, 50m));
        await PublishComplaintAsync(platform, owner.OrganizationId, "rec_above");
        await WaitForComplaintAsync(leader, "rec_above");

        var created = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(120m, "rec_above"));
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var recovery = await JsonAsync(created);
        Assert.Equal("AwaitingApproval", recovery.GetProperty("status").GetString());
        Assert.Equal("AwaitingApproval", (await GetAsync(leader, Complaints)).GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal(1, (await GetAsync(leader, Recoveries + "?status=AwaitingApproval")).GetProperty("total").GetInt32());
        var decision = $"{Recoveries}/{Id(recovery)}/decision";

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(leader, HttpMethod.Post, decision, new { decision = "Approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(leader, HttpMethod.Post, decision, new { decision = "Approve" }, "\"7\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(employee, HttpMethod.Post, decision, new { decision = "Approve" }, "\"1\"")).StatusCode);
        Assert.Equal(["decision"], await ErrorFieldsAsync(await SendAsync(leader, HttpMethod.Post, decision, new { decision = "Maybe" }, "\"1\"")));
        Assert.Empty(listener.Received);
        Assert.Equal("AwaitingApproval", (await GetAsync(leader, $"{Recoveries}/{Id(recovery)}")).GetProperty("status").GetString());

        var approved = await SendAsync(leader, HttpMethod.Post, decision, new { decision = "Approve", note = "Worth it." }, created.Headers.ETag!.Tag);

        await ApiSessions.EnsureAsync(approved, HttpStatusCode.OK);
        Assert.Equal("\"2\"", approved.Headers.ETag!.Tag);
        Assert.Equal("Approved", (await JsonAsync(approved)).GetProperty("status").GetString());
        await listener.WaitForAsync(m => m.RecoveryId == "rec_above", "ServiceRecoveryResolved is published on approval");
        Assert.Equal(0, (await GetAsync(leader, Complaints)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(leader, HttpMethod.Post, decision, new { decision = "Decline" }, "\"2\"")).StatusCode);
    }

    [Fact]
    public async Task A_declined_recovery_leaves_the_complaint_open_for_another_answer()
    {
        var (owner, leader, employee, _) = await OrganizationAsync();
        await PublishComplaintAsync(platform, owner.OrganizationId, "rec_declined");
        await WaitForComplaintAsync(leader, "rec_declined");
        var created = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(5m, "rec_declined"));
        var recovery = await JsonAsync(created);
        Assert.Equal("AwaitingApproval", recovery.GetProperty("status").GetString());

        var declined = await SendAsync(leader, HttpMethod.Post, $"{Recoveries}/{Id(recovery)}/decision", new { decision = "Decline" }, "\"1\"");

        Assert.Equal("Declined", (await JsonAsync(declined)).GetProperty("status").GetString());
        Assert.Equal("Open", (await GetAsync(leader, Complaints)).GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal("Recorded", (await PostAsync(owner, Recoveries, Recovery(5m, "rec_declined"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_recovery_names_every_field_and_records_nothing()
    {
        var (_, leader, employee, _) = await OrganizationAsync();

        var missing = await SendAsync(employee, HttpMethod.Post, Recoveries, new { });
        var badMoney = await SendAsync(employee, HttpMethod.Post, Recoveries, new { whatHappened = "x", whatWasDone = "y", outcome = "Recovered", touchpoint = "Door", amount = new { amount = -1, currency = "euro" } });
        var unknownComplaint = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(5m, "rec_never_raised"));

        Assert.Equal(["outcome", "touchpoint", "whatHappened", "whatWasDone"], (await ErrorFieldsAsync(missing)).Order());
        Assert.Equal(["amount.amount", "amount.currency"], (await ErrorFieldsAsync(badMoney)).Order());
        Assert.Equal(["recoveryId"], await ErrorFieldsAsync(unknownComplaint));
        Assert.Equal(0, (await GetAsync(leader, Recoveries)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await leader.Client.GetAsync(new Uri($"{Recoveries}/rcv_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri(Recoveries, UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_retried_recovery_with_the_same_idempotency_key_is_recorded_once()
    {
        var (_, leader, employee, _) = await OrganizationAsync();

        var first = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(null), idempotencyKey: "recovery-1");
        var retry = await SendAsync(employee, HttpMethod.Post, Recoveries, Recovery(null), idempotencyKey: "recovery-1");

        await ApiSessions.EnsureAsync(retry, HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(await JsonAsync(first)), Id(await JsonAsync(retry)));
        Assert.Equal(1, (await GetAsync(leader, Recoveries)).GetProperty("total").GetInt32());
    }
}
