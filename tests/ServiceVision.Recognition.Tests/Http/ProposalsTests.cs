using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

public sealed class ProposalsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Proposals = "/api/v1/recognitions/proposals";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task PublishFeedbackAsync(string organizationId, string responseId, string comment) =>
        platform.Services.GetRequiredService<IBus>().Publish(
            new CustomerFeedbackReceived(organizationId, "srv_1", responseId, null, "InPerson", "Front desk", 5, 10, comment, DateTimeOffset.UtcNow),
            Cancel);

    private static async Task<JsonElement> WaitForProposalsAsync(ApiSession leader, int count)
    {
        JsonElement list = default;
        await Eventually.HoldsAsync(
            async () => (list = await GetJsonAsync(leader, Proposals)).GetProperty("total").GetInt32() >= count,
            Eventually.Patience,
            $"{count} proposals should appear");
        return list;
    }

    [Fact]
    public async Task A_customer_comment_naming_a_member_proposes_a_recognition_once_even_when_delivered_twice()
    {
        var org = await platform.OrganizationAsync(employees: 2);

        await PublishFeedbackAsync(org.Owner.OrganizationId, "resp-1", "employee number1 was so kind to my mother!");
        await PublishFeedbackAsync(org.Owner.OrganizationId, "resp-1", "employee number1 was so kind to my mother!");
        await PublishFeedbackAsync(org.Owner.OrganizationId, "resp-2", "Nobody in particular, but nice place.");
        var list = await WaitForProposalsAsync(org.Leader, 1);
        await Task.Delay(RecognitionEventListener.Quiet, Cancel);

        list = await GetJsonAsync(org.Leader, Proposals);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var proposal = list.GetProperty("items")[0];
        Assert.Equal(org.Employees[1].MemberId, proposal.GetProperty("memberId").GetString());
        Assert.Equal("resp-1", proposal.GetProperty("responseId").GetString());
        Assert.Equal("Pending", proposal.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Employees[0], HttpMethod.Get, Proposals)).StatusCode);
    }

    [Fact]
    public async Task Accepting_a_proposal_gives_the_recognition_from_the_leader_linked_to_the_response_once()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        await PublishFeedbackAsync(org.Owner.OrganizationId, "resp-9", "Thank you Employee Number0 for the birthday cake.");
        var id = (await WaitForProposalsAsync(org.Leader, 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var accept = $"{Proposals}/{id}/accept";

        Assert.Equal(["pillarIds"], await ErrorFieldsAsync(await PostAsync(org.Leader, accept, new { })));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(org.Employees[0], accept, new { pillarIds = new[] { org.Pillar(Beyond) } })).StatusCode);
        var recognition = await JsonAsync(await PostAsync(org.Leader, accept, new { pillarIds = new[] { org.Pillar(Beyond) } }, idempotencyKey: "acc-1"), HttpStatusCode.Created);
        var replay = await PostAsync(org.Leader, accept, new { pillarIds = new[] { org.Pillar(Beyond) } }, idempotencyKey: "acc-1");

        Assert.Equal(recognition.GetProperty("id").GetString(), (await JsonAsync(replay, HttpStatusCode.Created)).GetProperty("id").GetString());
        Assert.Equal(org.Leader.MemberId, recognition.GetProperty("givenBy").GetString());
        Assert.Equal(org.Employees[0].MemberId, recognition.GetProperty("memberId").GetString());
        Assert.Equal("resp-9", recognition.GetProperty("feedbackResponseId").GetString());
        Assert.Equal("Thank you Employee Number0 for the birthday cake.", recognition.GetProperty("story").GetString());
        Assert.Equal(1, (await GetJsonAsync(org.Employees[0], Recognitions)).GetProperty("total").GetInt32());
        var decided = (await GetJsonAsync(org.Leader, $"{Proposals}?status=Accepted")).GetProperty("items")[0];
        Assert.Equal(recognition.GetProperty("id").GetString(), decided.GetProperty("recognitionId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(org.Leader, accept, new { pillarIds = new[] { org.Pillar(Beyond) } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(org.Leader, $"{Proposals}/{id}/dismiss")).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(org.Leader, $"{Proposals}?status=Pending")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_dismissed_proposal_gives_nothing_and_unknown_proposals_are_404()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        await PublishFeedbackAsync(org.Owner.OrganizationId, "resp-3", "EMPLOYEE NUMBER0 rocks");
        var id = (await WaitForProposalsAsync(org.Leader, 1)).GetProperty("items")[0].GetProperty("id").GetString();

        var dismissed = await JsonAsync(await PostAsync(org.Leader, $"{Proposals}/{id}/dismiss"));

        Assert.Equal("Dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal(0, (await GetJsonAsync(org.Leader, Recognitions)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{Proposals}/rpr_unknown/dismiss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{Proposals}/rpr_unknown/accept", new { pillarIds = new[] { org.Pillar(Beyond) } })).StatusCode);
        Assert.Equal(["status"], await ErrorFieldsAsync(await SendAsync(org.Leader, HttpMethod.Get, $"{Proposals}?status=Maybe")));
    }
}
