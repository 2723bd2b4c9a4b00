using ServiceVision.Api;
using ServiceVision.Domain.Recognition;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition;

/// <summary>
/// Gives a recognition: checks it against the organization's members (the organization grain,
/// read-only) and its latest published vision (the vision grain, read-only, so a recognition is
/// checked against exactly what is published now), then stores it in its month's grain.
/// </summary>
public static class RecognitionGiving
{
    /// <summary>
    /// Validates fully, then stores. 409 <c>pillarIds</c> while no vision is published; 400 naming the
    /// fields otherwise (<c>memberId</c> for oneself, an unknown member or another organization's).
    /// </summary>
    public static async Task<RecognitionView> GiveAsync(
        IGrainFactory grains,
        string organizationId,
        string giverId,
        RecognitionInput input,
        DateTimeOffset now,
        string? idSuffix = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(input);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var vision = await grains.GetGrain<IVisionGrain>(organizationId + "/vision").GetCurrentVersion()
            ?? throw new ConflictException("Recognitions are tagged with the pillars of the published vision: publish a vision first.", "pillarIds");
        var pillars = vision.Items.Where(i => i.Kind == VisionItemKind.Pillar).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var standards = vision.Items.Where(i => i.Kind == VisionItemKind.Standard).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

        var memberId = input.MemberId?.Trim();
        var member = !string.IsNullOrEmpty(memberId) && memberId != giverId && ServiceVision.Domain.ServiceDesign.TextRules.IsWellFormedId(memberId)
            ? await organization.FindMember(memberId)
            : null;
        var check = RecognitionRules.Validate(input, giverId, id => member is not null && member.Id == id, pillars, standards);
        ValidationFailedException.ThrowIfAny(check.Errors);
        var valid = check.Recognition!;
        var giver = await organization.FindMember(giverId);

        var recognition = new NewRecognition(
            RecognitionKeys.NewRecognitionId(now, idSuffix),
            giverId,
            giver?.Name,
            member!.Id,
            member.Name,
            member.DepartmentId,
            member.LocationId,
            valid.Story,
            valid.PillarIds,
            valid.StandardIds,
            valid.FeedbackResponseId,
            now);
        return await grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(organizationId, RecognitionStatistics.MonthOf(now))).Add(recognition);
    }

    /// <summary>The month grain holding <paramref name="recognitionId"/>; 404 for an id that is not one of ours.</summary>
    public static IRecognitionMonthGrain MonthOf(IGrainFactory grains, string organizationId, string recognitionId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var month = RecognitionKeys.MonthOfRecognition(recognitionId) ?? throw new NotFoundException("The recognition");
        return grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(organizationId, month));
    }

    /// <summary>The pillars of the latest published vision, in its order (empty while none is published).</summary>
    public static async Task<IReadOnlyList<PillarRef>> PillarsAsync(IGrainFactory grains, string organizationId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var vision = await grains.GetGrain<IVisionGrain>(organizationId + "/vision").GetCurrentVersion();
        return vision is null ? [] : [.. vision.Items.Where(i => i.Kind == VisionItemKind.Pillar).OrderBy(i => i.Order).Select(i => new PillarRef(i.Id, i.Text))];
    }
}
