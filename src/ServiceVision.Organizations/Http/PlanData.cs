using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>
/// Reads what the plan and the alignment view are computed from, across the organization's grains,
/// at the moment of the request (nothing is cached: the answer is as current as the data). The
/// rules themselves are pure (<see cref="ImprovementPlan"/>, <see cref="AlignmentScore"/>).
/// </summary>
public static class PlanData
{
    /// <summary>Recognitions younger than this count toward pillar coverage.</summary>
    public static readonly TimeSpan RecognitionWindow = TimeSpan.FromDays(90);

    private static readonly PageRequest Everything = new(1, int.MaxValue);

    public static async Task<PlanSnapshot> ReadPlanAsync(IGrainFactory grains, string organizationId)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var vision = grains.GetGrain<IVisionGrain>(organizationId + "/vision");
        var membersTask = organization.ListMembers();
        var observationsTask = vision.ListObservations(new PageRequest(1, 1));
        var draftsTask = vision.ListDrafts(new PageRequest(1, 1));
        var currentTask = vision.GetCurrentVersion();
        var announcementTask = grains.GetGrain<IAnnouncementsGrain>(PlanKeys.Announcements(organizationId)).GetLatestAudience();
        var rolloutsTask = grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(organizationId)).ListRollouts(new PageRequest(1, RolloutRules.MaxRollouts));
        var candidatesTask = grains.GetGrain<IHiringGrain>(organizationId + "/hiring").ListCandidates();
        var empowermentTask = grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(organizationId)).GetSnapshot();
        var huddlesTask = grains.GetGrain<IHuddlesGrain>(PlanKeys.Huddles(organizationId)).GetSnapshot();
        var signalsTask = grains.GetGrain<IScoresGrain>(PlanKeys.Scores(organizationId)).GetSnapshot();
        await Task.WhenAll(membersTask, observationsTask, draftsTask, currentTask, announcementTask, rolloutsTask, candidatesTask, empowermentTask, huddlesTask, signalsTask);

        var announcement = announcementTask.Result;
        var visionRollouts = rolloutsTask.Result.Items.Where(r => r.CourseId == RolloutRules.VisionCourseId).ToList();
        var signals = signalsTask.Result;
        var empowerment = empowermentTask.Result;
        return new PlanSnapshot(
            Members: membersTask.Result.Count,
            CultureObservations: observationsTask.Result.Total,
            EmployeeInputSurveys: signals.EmployeeInputSurveys,
            EmployeeInputResponses: signals.EmployeeInputResponses,
            VisionDrafts: draftsTask.Result.Total,
            PublishedVersion: currentTask.Result?.Number,
            LatestAnnouncement: announcement is null ? null : new AnnouncementProgress(announcement.Members.Count, announcement.Members.Count(m => m.Acknowledged)),
            VisionRollouts: visionRollouts.Count,
            BestRolloutCompleted: visionRollouts.Select(r => r.Progress.Completed).DefaultIfEmpty(0).Max(),
            Candidates: candidatesTask.Result.Count,
            EvaluatedCandidates: candidatesTask.Result.Count(c => c.EvaluationCount > 0),
            RolesWithGuidelines: empowerment.RolesWithGuidelines,
            RecoveriesRecorded: empowerment.RecoveriesRecorded,
            Huddles: huddlesTask.Result.Huddles,
            HuddleWeeks: huddlesTask.Result.Weeks,
            Recognitions: signals.Recognitions,
            Celebrations: signals.Celebrations);
    }

    /// <summary>The alignment of every department or location, ordered by name.</summary>
    public static async Task<IReadOnlyList<AlignmentGroupView>> ReadAlignmentAsync(IGrainFactory grains, string organizationId, GroupDimension by, DateTimeOffset now)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var membersTask = organization.ListMembers();
        var currentTask = grains.GetGrain<IVisionGrain>(organizationId + "/vision").GetCurrentVersion();
        var announcementTask = grains.GetGrain<IAnnouncementsGrain>(PlanKeys.Announcements(organizationId)).GetLatestAudience();
        var rolloutsTask = grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(organizationId)).ListRollouts(new PageRequest(1, RolloutRules.MaxRollouts));
        var empowermentTask = grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(organizationId)).GetSnapshot();
        var signalsTask = grains.GetGrain<IScoresGrain>(PlanKeys.Scores(organizationId)).GetSnapshot();
        var teamsTask = grains.GetGrain<IHuddlesGrain>(PlanKeys.Huddles(organizationId)).ListTeams(Everything);
        IReadOnlyList<(string Id, string Name)> groups = by == GroupDimension.Department
            ? [.. (await organization.ListDepartments(Everything)).Items.Select(d => (d.Id, d.Name))]
            : [.. (await organization.ListLocations(null, Everything)).Items.Select(l => (l.Id, l.Name))];
        await Task.WhenAll(membersTask, currentTask, announcementTask, rolloutsTask, empowermentTask, signalsTask, teamsTask);

        var members = membersTask.Result;
        string? GroupOf(string memberId) => members.FirstOrDefault(m => m.Id == memberId) is { } m
            ? (by == GroupDimension.Department ? m.DepartmentId : m.LocationId)
            : null;
        var groupOfMember = members.ToDictionary(m => m.Id, m => by == GroupDimension.Department ? m.DepartmentId : m.LocationId, StringComparer.Ordinal);

        // Training: the latest vision rollout's members, by their current group.
        var latestVisionRollout = rolloutsTask.Result.Items.FirstOrDefault(r => r.CourseId == RolloutRules.VisionCourseId);
        IReadOnlyList<RolloutMemberEntry> trainees = latestVisionRollout is null
            ? []
            : await grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, latestVisionRollout.Id)).GetMembers();

        var pillars = (currentTask.Result?.Items ?? []).Where(i => i.Kind == VisionItemKind.Pillar).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var since = now - RecognitionWindow;
        var recognitions = signalsTask.Result.RecentRecognitions.Where(r => r.GivenAt >= since).ToList();
        var dimension = by == GroupDimension.Department ? "Department" : "Location";
        var pulse = signalsTask.Result.Pulse.Where(p => p.Dimension == dimension && p.GroupId is not null).ToDictionary(p => p.GroupId!, StringComparer.Ordinal);
        var empowerment = empowermentTask.Result;
        var audience = announcementTask.Result?.Members ?? [];
        var teamKind = by == GroupDimension.Department ? HuddleTeamKind.Department : HuddleTeamKind.Location;
        var teams = teamsTask.Result.Items.Where(t => t.Team.Kind == teamKind).ToDictionary(t => t.Team.Id, StringComparer.Ordinal);

        var result = new List<AlignmentGroupView>();
        foreach (var (id, name) in groups)
        {
            var groupMembers = members.Count(m => groupOfMember[m.Id] == id);
            var inAudience = audience.Where(a => groupOfMember.TryGetValue(a.MemberId, out var g) && g == id).ToList();
            var inTraining = trainees.Where(t => groupOfMember.TryGetValue(t.MemberId, out var g) && g == id).ToList();
            var lived = recognitions
                .Where(r => (by == GroupDimension.Department ? r.DepartmentId : r.LocationId) == id)
                .SelectMany(r => r.PillarIds)
                .Where(pillars.Contains)
                .Distinct(StringComparer.Ordinal)
                .Count();

            // Complaints of a location are those raised there; a department's are those its members answered.
            var complaints = empowerment.Complaints
                .Where(c => by == GroupDimension.Location
                    ? c.LocationId == id
                    : c.ResolvedBy is { } who && GroupOf(who) == id)
                .ToList();
            var due = complaints.Count(c => c.ResolvedAt is not null || now > c.RespondBy);
            var onTime = complaints.Count(c => c.ResolvedAt is { } at && at <= c.RespondBy);
            var recoveries = empowerment.Recoveries.Count(r => r.Status != RecoveryStatus.Declined && groupOfMember.TryGetValue(r.MemberId, out var g) && g == id);

            var components = new AlignmentComponents(
                AlignmentScore.Percent(inAudience.Count(a => a.Acknowledged), inAudience.Count),
                AlignmentScore.Percent(inTraining.Count(t => t.Progress.IsCompleted), inTraining.Count),
                pulse.TryGetValue(id, out var p) ? p.PulsePercent : null,
                AlignmentScore.Percent(lived, pillars.Count),
                AlignmentScore.Percent(onTime, due));
            var score = AlignmentScore.Compute(components);
            var team = teams.GetValueOrDefault(id);
            result.Add(new AlignmentGroupView(
                id,
                name,
                groupMembers,
                score.Score,
                components,
                score.Weights,
                new AlignmentEvidence(
                    inAudience.Count,
                    inAudience.Count(a => a.Acknowledged),
                    inTraining.Count,
                    inTraining.Count(t => t.Progress.IsCompleted),
                    recognitions.Count(r => (by == GroupDimension.Department ? r.DepartmentId : r.LocationId) == id),
                    lived,
                    pillars.Count,
                    recoveries,
                    onTime,
                    due,
                    team?.Repetitions ?? 0,
                    team?.Habit.Percent ?? 0m)));
        }

        return [.. result.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.GroupId, StringComparer.Ordinal)];
    }
}

/// <summary>One department or location in the alignment view.</summary>
/// <param name="Score">The alignment score 0-100 (see AlignmentScore), null when nothing could be measured.</param>
/// <param name="Weights">The weight each measured component carried.</param>
public sealed record AlignmentGroupView(
    string GroupId,
    string Name,
    int Members,
    decimal? Score,
    AlignmentComponents Components,
    IReadOnlyDictionary<string, decimal> Weights,
    AlignmentEvidence Evidence);

/// <summary>
/// The counts behind the components, and the group's huddles (held by the department or location as a
/// team) with its progress toward the habit target: shown beside the score, not part of it.
/// </summary>
public sealed record AlignmentEvidence(
    int AnnouncementAudience,
    int Acknowledged,
    int InTraining,
    int TrainingCompleted,
    int RecentRecognitions,
    int PillarsRecognized,
    int Pillars,
    int RecoveriesRecorded,
    int ComplaintsAnsweredOnTime,
    int ComplaintsDue,
    int Huddles,
    decimal HuddleHabitPercent);
