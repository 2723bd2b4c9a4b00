using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Consumers;

/// <summary>
/// Gives each member of the command one assignment of the course for the rollout. Idempotent by
/// business key: a member grain holds one assignment per rollout, so a repeated command creates
/// nothing. A course the catalog does not have yet (the vision's course is built by another consumer,
/// and messages are not ordered) throws, so the command is retried, then faults to the error queue.
/// </summary>
public sealed partial class AssignTrainingConsumer(IGrainFactory grains, ILogger<AssignTrainingConsumer> logger) : IConsumer<AssignTraining>
{
    /// <summary>How many member grains one command calls at once.</summary>
    public const int FanOut = 16;

    public async Task Consume(ConsumeContext<AssignTraining> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        if (!TextRules.IsWellFormedId(command.RolloutId) || !TextRules.IsWellFormedId(command.CourseId))
        {
            // A malformed command does not get better with retries.
            LogMalformed(logger, command.OrganizationId, command.RolloutId, command.CourseId);
            return;
        }

        var given = command.MemberIds ?? [];
        var members = given.Where(TextRules.IsWellFormedId).Distinct(StringComparer.Ordinal).Take(AssignTraining.MaxMembers).ToList();
        if (members.Count < given.Count)
        {
            LogSkippedMembers(logger, command.OrganizationId, command.RolloutId, given.Count - members.Count);
        }

        if (members.Count == 0)
        {
            return;
        }

        var course = await grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(command.OrganizationId)).PrepareAssignment(command.CourseId, members);
        var options = new ParallelOptions { MaxDegreeOfParallelism = FanOut, CancellationToken = context.CancellationToken };
        await Parallel.ForEachAsync(members, options, async (memberId, _) =>
            await grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(command.OrganizationId, memberId)).Assign(command.RolloutId, course, command.DueAt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignTraining of {OrganizationId} names no usable rollout ('{RolloutId}') or course ('{CourseId}'); ignored")]
    private static partial void LogMalformed(ILogger logger, string organizationId, string? rolloutId, string? courseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignTraining of {OrganizationId} for rollout '{RolloutId}': {Skipped} member ids were malformed, repeated or over the limit; skipped")]
    private static partial void LogSkippedMembers(ILogger logger, string organizationId, string rolloutId, int skipped);
}

/// <summary>Endpoint "training-assign-training"; retries as configured for every endpoint.</summary>
public sealed class AssignTrainingConsumerDefinition : ConsumerDefinition<AssignTrainingConsumer>
{
    public AssignTrainingConsumerDefinition()
    {
        EndpointName = "training-assign-training";
        ConcurrentMessageLimit = 8;
    }
}
