using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Consumers;

/// <summary>
/// Gives each member of the command a refresher on its items, built from the organization's current
/// vision course the way a new vision version's refreshers are (<see cref="CourseBuilder.Refresher"/>),
/// titled with the command's reason. Idempotent by business key: a member grain holds one refresher per
/// refresher id, so a repeated command creates nothing. Without a vision course yet the command throws
/// (retried, then faulted): the items it names come from a published vision.
/// </summary>
public sealed partial class AssignRefresherConsumer(IGrainFactory grains, ILogger<AssignRefresherConsumer> logger) : IConsumer<AssignRefresher>
{
    /// <summary>How many member grains one command calls at once.</summary>
    public const int FanOut = 16;

    public async Task Consume(ConsumeContext<AssignRefresher> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        var items = ComplaintRefreshers.UsableItemIds(command.ItemIds);
        if (!TextRules.IsWellFormedId(command.RefresherId) || items.Count == 0)
        {
            // A malformed command does not get better with retries.
            LogMalformed(logger, command.OrganizationId, command.RefresherId);
            return;
        }

        var given = command.MemberIds ?? [];
        var members = given.Where(TextRules.IsWellFormedId).Distinct(StringComparer.Ordinal).Take(AssignRefresher.MaxMembers).ToList();
        if (members.Count < given.Count)
        {
            LogSkippedMembers(logger, command.OrganizationId, command.RefresherId, given.Count - members.Count);
        }

        if (members.Count == 0)
        {
            return;
        }

        CourseView vision;
        try
        {
            vision = await grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(command.OrganizationId)).GetCourse(RolloutRules.VisionCourseId);
        }
        catch (NotFoundException exception)
        {
            throw new CourseNotAvailableException($"The organization has no vision course yet for refresher '{command.RefresherId}'.", exception);
        }

        var refresher = CourseBuilder.Refresher(new Course(vision.Id, vision.Title, vision.VisionVersion, vision.Modules), items, vision.VisionVersion) with
        {
            Id = "refresher-" + command.RefresherId,
            Title = ComplaintRefreshers.TitleFrom(command.Reason),
        };
        if (refresher.Modules.Count == 0)
        {
            LogNoModule(logger, command.OrganizationId, command.RefresherId);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = FanOut, CancellationToken = context.CancellationToken };
        await Parallel.ForEachAsync(members, options, async (memberId, _) =>
            await grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(command.OrganizationId, memberId))
                .AssignCommandedRefresher(command.RefresherId, refresher, items, command.DueAt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignRefresher of {OrganizationId} names no usable refresher id ('{RefresherId}') or item; ignored")]
    private static partial void LogMalformed(ILogger logger, string organizationId, string? refresherId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignRefresher of {OrganizationId} for '{RefresherId}': {Skipped} member ids were malformed, repeated or over the limit; skipped")]
    private static partial void LogSkippedMembers(ILogger logger, string organizationId, string refresherId, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignRefresher of {OrganizationId} for '{RefresherId}': none of its items is in the vision course; no refresher")]
    private static partial void LogNoModule(ILogger logger, string organizationId, string refresherId);
}

/// <summary>Endpoint "training-assign-refresher"; retries as configured for every endpoint.</summary>
public sealed class AssignRefresherConsumerDefinition : ConsumerDefinition<AssignRefresherConsumer>
{
    public AssignRefresherConsumerDefinition()
    {
        EndpointName = "training-assign-refresher";
        ConcurrentMessageLimit = 8;
    }
}
