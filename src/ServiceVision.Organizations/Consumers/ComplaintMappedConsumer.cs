using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// A leader mapped a complaint to the vision items it broke: the active members of the complaint's
/// location (every member when it names none) in its role (every role when none) get a refresher on
/// those items. Publishes <see cref="AssignRefresher"/> to the training service in batches of at most
/// <see cref="AssignRefresher.MaxMembers"/>, keyed by the recovery id, due seven days after the mapping.
/// Idempotent: a redelivery publishes the same commands again and the training service keys each
/// assignment on refresher id and member, so nobody gets a second refresher.
/// </summary>
public sealed partial class ComplaintMappedConsumer(IGrainFactory grains, ILogger<ComplaintMappedConsumer> logger) : IConsumer<ComplaintMapped>
{
    public async Task Consume(ConsumeContext<ComplaintMapped> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var complaint = context.Message;
        var items = ComplaintRefreshers.UsableItemIds(complaint.ItemIds);
        MemberRole? role = MemberRules.TryParseRole(complaint.Role, out var parsed) ? parsed : null;
        if (!TextRules.IsWellFormedId(complaint.RecoveryId) || items.Count == 0 || (complaint.Role is not null && role is null))
        {
            // A malformed event does not get better with retries.
            LogMalformed(logger, complaint.OrganizationId, complaint.RecoveryId, complaint.Role);
            return;
        }

        var organization = grains.GetGrain<IOrganizationGrain>(complaint.OrganizationId);
        string? locationName = null;
        IReadOnlyList<MemberView> members;
        try
        {
            if (complaint.LocationId is not null)
            {
                locationName = (await organization.GetLocation(complaint.LocationId)).Name;
            }

            members = await organization.ListMembers();
        }
        catch (NotFoundException)
        {
            // The location was deleted (so nobody works there) or the organization is gone: nobody to re-train.
            LogNobody(logger, complaint.OrganizationId, complaint.RecoveryId);
            return;
        }

        var audience = ComplaintRefreshers.Audience([.. members.Select(m => new RolloutCandidate(m.Id, m.DepartmentId, m.Role, m.LocationId))], complaint.LocationId, role);
        if (audience.Count == 0)
        {
            LogNobody(logger, complaint.OrganizationId, complaint.RecoveryId);
            return;
        }

        var reason = ComplaintRefreshers.Reason(locationName);
        var dueAt = ComplaintRefreshers.DueAt(complaint.MappedAt);
        foreach (var batch in ComplaintRefreshers.Batches(audience, AssignRefresher.MaxMembers))
        {
            await context.Publish(new AssignRefresher(complaint.OrganizationId, complaint.RecoveryId, items, reason, dueAt, batch), context.CancellationToken);
        }

        LogOrdered(logger, complaint.OrganizationId, complaint.RecoveryId, audience.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ComplaintMapped of {OrganizationId} ('{RecoveryId}', role '{Role}') names no usable recovery, item or role; ignored")]
    private static partial void LogMalformed(ILogger logger, string organizationId, string? recoveryId, string? role);

    [LoggerMessage(Level = LogLevel.Information, Message = "ComplaintMapped of {OrganizationId} ('{RecoveryId}'): no active member matches; no refresher")]
    private static partial void LogNobody(ILogger logger, string organizationId, string recoveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ComplaintMapped of {OrganizationId} ('{RecoveryId}'): refreshers ordered for {Members} members")]
    private static partial void LogOrdered(ILogger logger, string organizationId, string recoveryId, int members);
}

/// <summary>Endpoint "organizations-complaint-mapped" (other services consume ComplaintMapped on queues of their own); retries as configured for every endpoint.</summary>
public sealed class ComplaintMappedConsumerDefinition : ConsumerDefinition<ComplaintMappedConsumer>
{
    public ComplaintMappedConsumerDefinition()
    {
        EndpointName = "organizations-complaint-mapped";
        ConcurrentMessageLimit = 4;
    }
}
