using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Consumers;

/// <summary>
/// A published vision (re)builds the organization's "vision" course; from version 2 on, members whose
/// training covered a changed item, or who had the vision course when items were added, get one
/// refresher on exactly those items. Idempotent: the catalog applies a version once and replays its
/// plan for a repeat, and each member grain creates one refresher per version.
/// </summary>
public sealed partial class VisionPublishedConsumer(IGrainFactory grains, ILogger<VisionPublishedConsumer> logger) : IConsumer<VisionPublished>
{
    /// <summary>How many member grains the refresher fan-out calls at once.</summary>
    public const int FanOut = 16;

    public async Task Consume(ConsumeContext<VisionPublished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vision = context.Message;
        var applied = await grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(vision.OrganizationId)).ApplyVision(vision);
        if (applied.Applied)
        {
            LogBuilt(logger, vision.OrganizationId, vision.VersionNumber, applied.Refreshers.Count);
        }

        if (applied.Refreshers.Count == 0 || applied.VisionCourse is null)
        {
            return;
        }

        // Members re-trained on the same items share one refresher course.
        var courses = new ConcurrentDictionary<string, Course>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = FanOut, CancellationToken = context.CancellationToken };
        await Parallel.ForEachAsync(applied.Refreshers, options, async (plan, _) =>
        {
            var course = courses.GetOrAdd(
                string.Join('\n', plan.ItemIds),
                _ => CourseBuilder.Refresher(applied.VisionCourse, plan.ItemIds, applied.VisionVersion));
            await grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(vision.OrganizationId, plan.MemberId))
                .AssignRefresher(applied.VisionVersion, course, plan.ItemIds, applied.RefresherDueAt);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training course of {OrganizationId} built from vision version {Version}; {Refreshers} refreshers")]
    private static partial void LogBuilt(ILogger logger, string organizationId, int version, int refreshers);
}

/// <summary>Endpoint "training-vision-published" (other services consume VisionPublished on queues of their own); retries as configured for every endpoint.</summary>
public sealed class VisionPublishedConsumerDefinition : ConsumerDefinition<VisionPublishedConsumer>
{
    public VisionPublishedConsumerDefinition()
    {
        EndpointName = "training-vision-published";
        ConcurrentMessageLimit = 4;
    }
}
