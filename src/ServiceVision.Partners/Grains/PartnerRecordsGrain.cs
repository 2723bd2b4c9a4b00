using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners.Grains;

public sealed class PartnerRecordsState
{
    public List<ExternalCourseCompletion> CourseCompletions { get; set; } = [];

    public List<ExternalCustomerFeedback> CustomerFeedback { get; set; } = [];
}

public sealed class PartnerRecordsGrain : Grain<PartnerRecordsState>, IPartnerRecordsGrain
{
    /// <summary>Each list keeps the newest records; older ones are dropped (they were reported, not authored here).</summary>
    public const int MaxRecords = 10_000;

    public async Task<bool> AddCourseCompletion(ExternalCourseCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (State.CourseCompletions.Any(c => c.CommandId == completion.CommandId && c.PartnerId == completion.PartnerId))
        {
            return false;
        }

        State.CourseCompletions.Add(completion with { RecordedAt = Time.GetUtcNow() });
        Trim(State.CourseCompletions);
        await WriteStateAsync();
        return true;
    }

    public async Task<bool> AddCustomerFeedback(ExternalCustomerFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (State.CustomerFeedback.Any(c => c.CommandId == feedback.CommandId && c.PartnerId == feedback.PartnerId))
        {
            return false;
        }

        State.CustomerFeedback.Add(feedback with { RecordedAt = Time.GetUtcNow() });
        Trim(State.CustomerFeedback);
        await WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<ExternalCourseCompletion>> CourseCompletions() =>
        Task.FromResult<IReadOnlyList<ExternalCourseCompletion>>([.. Enumerable.Reverse(State.CourseCompletions)]);

    public Task<IReadOnlyList<ExternalCustomerFeedback>> CustomerFeedback() =>
        Task.FromResult<IReadOnlyList<ExternalCustomerFeedback>>([.. Enumerable.Reverse(State.CustomerFeedback)]);

    private static void Trim<T>(List<T> list)
    {
        if (list.Count > MaxRecords)
        {
            list.RemoveRange(0, list.Count - MaxRecords);
        }
    }
}
