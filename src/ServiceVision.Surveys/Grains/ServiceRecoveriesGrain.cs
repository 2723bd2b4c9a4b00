using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

public sealed class ServiceRecoveriesState
{
    public List<RecoveryRecord> Recoveries { get; set; } = [];
}

public sealed class RecoveryRecord
{
    public string Id { get; set; } = "";

    public string SurveyId { get; set; } = "";

    public string ResponseId { get; set; } = "";

    public string? LocationId { get; set; }

    public string? Channel { get; set; }

    public string Touchpoint { get; set; } = "";

    public int? Csat { get; set; }

    public int? Nps { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset RespondBy { get; set; }

    public DateTimeOffset? OverdueNotifiedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public string? Outcome { get; set; }

    public List<string>? MappedItemIds { get; set; }

    public string? MappedLocationId { get; set; }

    public string? MappedRole { get; set; }

    public string? MappedBy { get; set; }

    public DateTimeOffset? MappedAt { get; set; }

    public long Revision { get; set; }
}

/// <summary>The organization's service recoveries; see <see cref="IServiceRecoveriesGrain"/>.</summary>
public sealed class ServiceRecoveriesGrain : Grain<ServiceRecoveriesState>, IServiceRecoveriesGrain, IRemindable
{
    public const int MaxMappedItems = 20;
    private static readonly TimeSpan KeepResolved = TimeSpan.FromDays(90);

    public async Task Record(ServiceRecoveryNeeded needed)
    {
        ArgumentNullException.ThrowIfNull(needed);
        if (State.Recoveries.Exists(r => r.Id == needed.RecoveryId))
        {
            return;
        }

        var now = Time.GetUtcNow();
        State.Recoveries.RemoveAll(r => r.ResolvedAt is { } at && now - at > KeepResolved);
        if (State.Recoveries.Count >= IServiceRecoveriesGrain.MaxRecoveries)
        {
            State.Recoveries.RemoveAt(State.Recoveries.FindIndex(r => r.ResolvedAt is not null) is var i and >= 0 ? i : 0);
        }

        State.Recoveries.Add(new RecoveryRecord
        {
            Id = needed.RecoveryId,
            SurveyId = needed.SurveyId,
            ResponseId = needed.ResponseId,
            LocationId = needed.LocationId,
            Channel = needed.Channel,
            Touchpoint = needed.Touchpoint,
            Csat = needed.Csat,
            Nps = needed.Nps,
            Comment = needed.Comment,
            RaisedAt = needed.RaisedAt,
            RespondBy = needed.RespondBy,
            Revision = 1,
        });
        await WriteStateAsync();
        var due = needed.RespondBy - now;
        await RegisterOrUpdateReminder(needed.RecoveryId, due < TimeSpan.Zero ? TimeSpan.Zero : due);
    }

    public async Task<bool> Resolve(ServiceRecoveryResolved resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var recovery = State.Recoveries.Find(r => r.Id == resolved.RecoveryId);
        if (recovery is null)
        {
            return false;
        }

        if (recovery.ResolvedAt is null)
        {
            recovery.ResolvedAt = resolved.ResolvedAt;
            recovery.ResolvedBy = resolved.ResolvedBy;
            recovery.Outcome = resolved.Outcome;
            recovery.Revision++;
            await WriteStateAsync();
            await UnregisterReminder(recovery.Id);
        }

        return true;
    }

    public Task<PagedList<ServiceRecoveryView>> List(ServiceRecoveryStatus? status, PageRequest page) =>
        Task.FromResult(PagedList.Of(Enumerable.Reverse(State.Recoveries).Select(View).Where(v => status is null || v.Status == status), page));

    public Task<ServiceRecoveryView> GetRecovery(string recoveryId) => Task.FromResult(View(Require(recoveryId)));

    public async Task<ServiceRecoveryView> Map(string recoveryId, RecoveryMappingInput mapping, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var recovery = Require(recoveryId);
        if (recovery.Revision != expectedRevision)
        {
            throw new PreconditionFailedException("The recovery", recovery.Revision);
        }

        var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion()
            ?? throw new ConflictException("No vision is published yet: there is nothing to map the complaint to.");
        var mappable = vision.Items.Where(i => i.Kind is VisionItemKind.Never or VisionItemKind.Always or VisionItemKind.Standard)
            .Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ValidationError>();
        if (mapping.ItemIds.Count == 0 || mapping.ItemIds.Count > MaxMappedItems)
        {
            errors.Add(new("itemIds", $"Name 1 to {MaxMappedItems} never, always or standard items of the published vision."));
        }

        for (var i = 0; i < mapping.ItemIds.Count; i++)
        {
            if (!mappable.Contains(mapping.ItemIds[i]) || mapping.ItemIds.Take(i).Contains(mapping.ItemIds[i], StringComparer.Ordinal))
            {
                errors.Add(new($"itemIds[{i}]", "This is not a never, always or standard item of the published vision, or it is named twice."));
            }
        }

        if (mapping.Role is not null && !Enum.TryParse<MemberRole>(mapping.Role, ignoreCase: false, out _))
        {
            errors.Add(new("role", "The role is Employee, Leader or Owner."));
        }

        if (mapping.LocationId is not null)
        {
            try
            {
                await GrainFactory.GetGrain<IOrganizationGrain>(TenantId).GetLocation(mapping.LocationId);
            }
            catch (NotFoundException)
            {
                errors.Add(new("locationId", "There is no such location."));
            }
        }

        ValidationFailedException.ThrowIfAny(errors);
        var now = Time.GetUtcNow();
        recovery.MappedItemIds = [.. mapping.ItemIds];
        recovery.MappedLocationId = mapping.LocationId;
        recovery.MappedRole = mapping.Role;
        recovery.MappedBy = mapping.MappedBy;
        recovery.MappedAt = now;
        recovery.Revision++;
        Publish(new ComplaintMapped(TenantId, recovery.Id, [.. mapping.ItemIds], mapping.LocationId, mapping.Role, mapping.MappedBy, now));
        await WriteStateAsync();
        return View(recovery);
    }

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        var recovery = State.Recoveries.Find(r => r.Id == reminderName);
        if (recovery is null || recovery.ResolvedAt is not null || recovery.OverdueNotifiedAt is not null)
        {
            // Resolved, or a repeated delivery (reminders fire at least once).
            return;
        }

        recovery.OverdueNotifiedAt = Time.GetUtcNow();
        recovery.Revision++;
        Publish(new ServiceRecoveryOverdue(TenantId, recovery.Id, recovery.LocationId, recovery.Touchpoint, recovery.RespondBy));
        await WriteStateAsync();
    }

    private RecoveryRecord Require(string recoveryId) =>
        State.Recoveries.Find(r => r.Id == recoveryId) ?? throw new NotFoundException("The recovery");

    private ServiceRecoveryView View(RecoveryRecord r) => new(
        r.Id,
        r.SurveyId,
        r.ResponseId,
        r.LocationId,
        r.Channel,
        r.Touchpoint,
        r.Csat,
        r.Nps,
        r.Comment,
        r.ResolvedAt is not null ? ServiceRecoveryStatus.Resolved : Time.GetUtcNow() > r.RespondBy ? ServiceRecoveryStatus.Overdue : ServiceRecoveryStatus.Open,
        r.RaisedAt,
        r.RespondBy,
        r.OverdueNotifiedAt,
        r.ResolvedAt,
        r.ResolvedBy,
        r.Outcome,
        r.MappedItemIds is null ? null : new ServiceRecoveryMappingView([.. r.MappedItemIds], r.MappedLocationId, r.MappedRole, r.MappedBy!, r.MappedAt!.Value),
        r.Revision);
}
