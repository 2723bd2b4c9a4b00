using ServiceVision.Api;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

/// <summary>What a bucket stores: its responses, each under its respondent token's hash.</summary>
public sealed class ResponseBucketState
{
    public List<ResponseRecord> Responses { get; set; } = [];
}

public sealed class ResponseRecord
{
    public string Id { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public string? LinkId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public string? LocationId { get; set; }

    public string? DepartmentId { get; set; }

    public string? Channel { get; set; }

    public string? Touchpoint { get; set; }

    public List<SurveyAnswer> Answers { get; set; } = [];

    public List<string> LeaderTags { get; set; } = [];

    public string? RecoveryId { get; set; }
}

/// <summary>A bounded share of a round's responses; see <see cref="IResponseBucketGrain"/>.</summary>
public sealed class ResponseBucketGrain : Grain<ResponseBucketState>, IResponseBucketGrain
{
    // The survey id is the third part of "{org}/survey-bucket/{surveyId}/{round}/{shard}".
    private string Part(int index) => GrainKey.Split(GrainId.TenantSeparator)[index];

    public async Task<BucketResult> Add(NewResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var existing = State.Responses.Find(r => r.TokenHash == response.TokenHash);
        if (existing is not null)
        {
            return new BucketResult(existing.Id, false, existing.SubmittedAt, existing.RecoveryId);
        }

        if (!response.AllowNew)
        {
            throw new ConflictException("This link has reached its response limit.");
        }

        if (State.Responses.Count >= SurveysKeys.MaxResponsesPerBucket)
        {
            throw new ConflictException("This survey round holds no more responses.");
        }

        var now = Time.GetUtcNow();
        var record = new ResponseRecord
        {
            Id = SurveysKeys.ResponseId(int.Parse(Part(3), System.Globalization.CultureInfo.InvariantCulture), int.Parse(Part(4), System.Globalization.CultureInfo.InvariantCulture)),
            TokenHash = response.TokenHash,
            LinkId = response.LinkId,
            SubmittedAt = now,
            LocationId = response.LocationId,
            DepartmentId = response.DepartmentId,
            Channel = response.Channel,
            Touchpoint = response.Touchpoint,
            Answers = [.. response.Answers],
        };
        if (response.Customer is { } customer)
        {
            // The events go out in the same write as the response: both or neither.
            Publish(new CustomerFeedbackReceived(TenantId, customer.SurveyId, record.Id, record.LocationId, record.Channel, record.Touchpoint, customer.Csat, customer.Nps, customer.Comment, now));
            if (SurveyRules.NeedsRecovery(customer.Csat, customer.Nps, record.Touchpoint))
            {
                record.RecoveryId = SurveysKeys.NewId("rcv");
                Publish(new ServiceRecoveryNeeded(TenantId, record.RecoveryId, customer.SurveyId, record.Id, record.LocationId, record.Channel, record.Touchpoint!,
                    customer.Csat, customer.Nps, customer.Comment, now, now.AddHours(customer.RecoveryHours)));
            }
        }

        State.Responses.Add(record);
        await WriteStateAsync();
        return new BucketResult(record.Id, true, now, record.RecoveryId);
    }

    public Task<IReadOnlyList<SurveyResponse>> ListResponses() =>
        Task.FromResult<IReadOnlyList<SurveyResponse>>([.. State.Responses.Select(r =>
            new SurveyResponse(r.Id, r.SubmittedAt, r.LocationId, r.DepartmentId, r.Channel, r.Touchpoint, [.. r.Answers], [.. r.LeaderTags]))]);

    public Task<int> Count() => Task.FromResult(State.Responses.Count);

    public Task<int> CountForLink(string linkId) => Task.FromResult(State.Responses.Count(r => r.LinkId == linkId));

    public async Task SetLeaderTags(string responseId, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var record = State.Responses.Find(r => r.Id == responseId) ?? throw new NotFoundException("The response");
        record.LeaderTags = [.. tags];
        await WriteStateAsync();
    }
}
