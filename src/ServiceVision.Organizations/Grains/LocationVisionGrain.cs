using ServiceVision.Api;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// One location's copy of its network's vision (key <see cref="NetworkKeys.LocationVision"/>). The core
/// (statement, pillars, standards, never/always) stays in the network's vision grain and is read from
/// there; this grain keeps which version was offered and adopted, and the location's local items.
/// </summary>
/// <remarks>
/// A location created after the network published has no offer stored: the rollout consumer never
/// reached it. Rather than making every way of creating a location (one by one, CSV import) offer the
/// current version, this grain asks the network's vision grain for its current version whenever it has
/// no offer of its own (reads use the answer without storing it; the first change stores it), so any
/// location, however it was created, starts Pending on the version the network publishes now. The call
/// goes one way (a location asks the network, the network never calls a location), so it cannot deadlock.
/// </remarks>
public sealed class LocationVisionGrain : Grain<LocationVisionState>, ILocationVisionGrain
{
    /// <summary>How long a read trusts the network's answer "current version N" (or "nothing published") when no offer is stored.</summary>
    private static readonly TimeSpan NetworkAnswerLifetime = TimeSpan.FromSeconds(30);

    private int? networkVersion;
    private DateTimeOffset networkAskedAt = DateTimeOffset.MinValue;

    private string LocationId
    {
        get
        {
            // "{org}/locations/{locationId}/vision"
            var parts = GrainKey.Split(GrainId.TenantSeparator);
            return parts.Length >= 4 ? parts[2] : GrainKey;
        }
    }

    private IVisionGrain Network => GrainFactory.GetGrain<IVisionGrain>(TenantId + GrainId.TenantSeparator + "vision");

    // ---- reads ---------------------------------------------------------------------------

    public async Task<LocationAdoptionView> GetAdoption() => Adoption(await OfferedForReadAsync());

    public async Task<LocationVisionView> GetVision()
    {
        var offered = await OfferedForReadAsync();
        var adopted = State.AdoptedVersion;
        var offeredVersion = offered is null ? null : Network.GetVersion(offered.Value);
        var adoptedVersion = AdoptionRules.HasChangesSinceAdopted(offered, adopted) ? Network.GetVersion(adopted!.Value) : null;
        var core = offeredVersion is null ? null : await offeredVersion;
        var before = adoptedVersion is null ? null : await adoptedVersion;

        var coreItems = core is null ? null : ToItems(core);
        CoreChangesView? changes = null;
        if (AdoptionRules.ChangesSinceAdopted(offered, core is null ? null : ToDocument(core), adopted, before is null ? null : ToDocument(before)) is { } diff)
        {
            changes = new CoreChangesView(
                adopted!.Value,
                offered!.Value,
                diff.StatementChanged,
                [.. diff.Added.Select(VisionItemView.Of)],
                [.. diff.Changed.Select(VisionItemChangeView.Of)],
                [.. diff.Removed.Select(VisionItemView.Of)]);
        }

        return new LocationVisionView(
            LocationId,
            core?.Statement,
            core is null ? [] : [.. core.Items.Select(i => new CoreItemView(i.Id, i.Kind, i.ParentId, i.Text, i.Order, Core: true))],
            [.. State.LocalItems.Select(i => ToView(i, coreItems))],
            Adoption(offered),
            changes,
            State.Revision);
    }

    // ---- offers and adoption -------------------------------------------------------------

    public async Task<bool> OfferVersion(int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (!AdoptionRules.IsNewOffer(State.OfferedVersion, version))
        {
            return false;
        }

        // A first offer may arrive after a newer version was published (messages are not ordered):
        // start from the network's current version, so the location never shows a version going back.
        var target = version;
        if (State.OfferedVersion is null && await Network.GetCurrentVersion() is { } current && current.Number > target)
        {
            target = current.Number;
        }

        State.OfferedVersion = target;
        State.OfferedAt = Time.GetUtcNow();
        State.Revision++;
        await WriteStateAsync();
        return true;
    }

    public async Task<AdoptionOutcome> Adopt(int version, string memberId, long expectedRevision)
    {
        ValidationFailedException.ThrowIfAny(AdoptionRules.ValidateVersion(version));
        var offered = await OfferedForWriteAsync();
        switch (AdoptionRules.Decide(version, offered, State.AdoptedVersion))
        {
            case AdoptionDecision.NothingOffered:
                throw new ConflictException("The network has not published its vision yet, so there is no version to adopt.", "version");
            case AdoptionDecision.NotLatest:
                throw new ConflictException($"Version {version} is not the latest version the network offered; adopt version {offered}.", "version");
            case AdoptionDecision.AlreadyAdopted:
                return new AdoptionOutcome(Adoption(offered), Changed: false);
        }

        RequireRevision(expectedRevision);
        State.OfferedVersion = offered;
        State.AdoptedVersion = version;
        State.AdoptedAt = Time.GetUtcNow();
        State.AdoptedBy = memberId;
        State.Revision++;
        await WriteStateAsync();
        return new AdoptionOutcome(Adoption(offered), Changed: true);
    }

    // ---- local items ---------------------------------------------------------------------

    public async Task<LocalItemOutcome> AddLocalItem(NewLocalItem item, string memberId)
    {
        ArgumentNullException.ThrowIfNull(item);
        var offered = await OfferedForWriteAsync();
        var core = await CoreItemsAsync(offered);
        var kind = ValidateItem(item.Kind, item.PillarId, item.Text, core);
        if (State.LocalItems.Find(i => i.Id == item.Id) is { } existing)
        {
            // The same create again (a retry): the item exists already.
            return new LocalItemOutcome(ToView(existing, core), State.Revision, Changed: false);
        }

        if (!LocalAdditionRules.HasRoom(State.LocalItems.Count))
        {
            throw new ConflictException($"A location has at most {LocalAdditionRules.MaxLocalItems} local items; remove one first.");
        }

        var now = Time.GetUtcNow();
        var record = new LocalItemRecord
        {
            Id = item.Id,
            Kind = kind,
            PillarId = PillarOf(kind, item.PillarId),
            Text = item.Text!.Trim(),
            CreatedAt = now,
            CreatedBy = memberId,
            UpdatedAt = now,
            UpdatedBy = memberId,
        };
        State.OfferedVersion = offered;
        State.LocalItems.Add(record);
        State.Revision++;
        await WriteStateAsync();
        return new LocalItemOutcome(ToView(record, core), State.Revision, Changed: true);
    }

    public async Task<LocalItemOutcome> UpdateLocalItem(string itemId, LocalItemChange change, string memberId, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(change);
        var offered = await OfferedForWriteAsync();
        var core = await CoreItemsAsync(offered);
        var record = await FindLocalAsync(itemId, offered, core);
        var kind = ValidateItem(change.Kind, change.PillarId, change.Text, core);
        RequireRevision(expectedRevision);

        var pillarId = PillarOf(kind, change.PillarId);
        var text = change.Text!.Trim();
        if (record.Kind == kind && record.PillarId == pillarId && record.Text == text)
        {
            return new LocalItemOutcome(ToView(record, core), State.Revision, Changed: false);
        }

        record.Kind = kind;
        record.PillarId = pillarId;
        record.Text = text;
        record.UpdatedAt = Time.GetUtcNow();
        record.UpdatedBy = memberId;
        State.OfferedVersion = offered;
        State.Revision++;
        await WriteStateAsync();
        return new LocalItemOutcome(ToView(record, core), State.Revision, Changed: true);
    }

    public async Task<long> RemoveLocalItem(string itemId, string memberId, long expectedRevision)
    {
        var offered = await OfferedForWriteAsync();
        var core = await CoreItemsAsync(offered);
        var record = await FindLocalAsync(itemId, offered, core);
        RequireRevision(expectedRevision);

        State.OfferedVersion = offered;
        State.LocalItems.Remove(record);
        State.Revision++;
        await WriteStateAsync();
        return State.Revision;
    }

    // ---- helpers -------------------------------------------------------------------------

    /// <summary>The stored offer, else the network's current version (asked at most every <see cref="NetworkAnswerLifetime"/>; not stored).</summary>
    private async Task<int?> OfferedForReadAsync()
    {
        if (State.OfferedVersion is { } offered)
        {
            return offered;
        }

        var now = Time.GetUtcNow();
        if (now - networkAskedAt > NetworkAnswerLifetime)
        {
            networkVersion = (await Network.GetCurrentVersion())?.Number;
            networkAskedAt = now;
        }

        return networkVersion;
    }

    /// <summary>The stored offer, else the network's current version asked now (a change stores it with itself).</summary>
    private async Task<int?> OfferedForWriteAsync() =>
        State.OfferedVersion ?? (await Network.GetCurrentVersion())?.Number;

    private async Task<IReadOnlyList<VisionItem>?> CoreItemsAsync(int? offered) =>
        offered is null ? null : ToItems(await Network.GetVersion(offered.Value));

    /// <summary>The local item; 409 when the id is a core item (of the offered or the adopted version), 404 otherwise.</summary>
    private async Task<LocalItemRecord> FindLocalAsync(string itemId, int? offered, IReadOnlyList<VisionItem>? core)
    {
        if (State.LocalItems.Find(i => i.Id == itemId) is { } record)
        {
            return record;
        }

        var adopted = State.AdoptedVersion is { } a && a != offered ? ToItems(await Network.GetVersion(a)) : null;
        if (LocalAdditionRules.IsCoreItem(itemId, core, adopted))
        {
            throw new ConflictException($"The item '{itemId}' belongs to the network's vision; a location can add local items but not change core ones.");
        }

        throw new NotFoundException("The local item");
    }

    private static LocalItemKind ValidateItem(string? kind, string? pillarId, string? text, IReadOnlyList<VisionItem>? core)
    {
        var errors = LocalAdditionRules.Validate(kind, pillarId, text, out var parsed).ToList();
        if (errors.Count == 0 && LocalAdditionRules.CheckPillar(parsed, pillarId, core) is { } pillarError)
        {
            errors.Add(pillarError);
        }

        ValidationFailedException.ThrowIfAny(errors);
        return parsed;
    }

    private static string? PillarOf(LocalItemKind kind, string? pillarId) =>
        LocalAdditionRules.NeedsPillar(kind) ? pillarId!.Trim() : null;

    private void RequireRevision(long expectedRevision)
    {
        if (expectedRevision != State.Revision)
        {
            throw new PreconditionFailedException("The location's vision", State.Revision);
        }
    }

    private LocationAdoptionView Adoption(int? offered) =>
        new(
            LocationId,
            AdoptionRules.StatusOf(offered, State.AdoptedVersion) switch
            {
                AdoptionStatus.NotOffered => AdoptionState.NotOffered,
                AdoptionStatus.Pending => AdoptionState.Pending,
                _ => AdoptionState.Adopted,
            },
            offered,
            State.AdoptedVersion,
            State.AdoptedAt,
            State.AdoptedBy,
            State.LocalItems.Count,
            State.Revision);

    private static LocalItemView ToView(LocalItemRecord i, IReadOnlyList<VisionItem>? core) =>
        new(
            i.Id,
            i.Kind,
            i.PillarId,
            i.Text,
            Core: false,
            LocalAdditionRules.IsOrphaned(new LocalItem(i.Id, i.Kind, i.PillarId, i.Text), core),
            i.CreatedAt,
            i.CreatedBy,
            i.UpdatedAt,
            i.UpdatedBy);

    private static List<VisionItem> ToItems(PublishedVision version) =>
        [.. version.Items.Select(i => new VisionItem(i.Id, i.Kind, i.ParentId, i.Text, i.Order))];

    private static VisionDocument ToDocument(PublishedVision version) => new(version.Statement, ToItems(version));


}
