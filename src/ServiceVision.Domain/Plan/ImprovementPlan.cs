using ServiceVision.Domain.Members;

namespace ServiceVision.Domain.Plan;

/// <summary>The 8 steps of the improvement plan, in the order an organization walks them.</summary>
public enum PlanStep
{
    Culture,
    Vision,
    Communicate,
    Training,
    Hiring,
    Empowerment,
    Leadership,
    Celebrate,
}

public enum PlanStepState
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>The latest announcement campaign: how many members it was for and how many acknowledged it.</summary>
public sealed record AnnouncementProgress(int Audience, int Acknowledged);

/// <summary>
/// What the plan is computed from: counts read from the organization's areas at the moment of the
/// request. Nothing here is stored; the plan is always as current as the data.
/// </summary>
/// <param name="Members">Active members of the organization.</param>
/// <param name="CultureObservations">Culture observations recorded in the vision workshop.</param>
/// <param name="EmployeeInputSurveys">Employee-input surveys whose scores were published.</param>
/// <param name="EmployeeInputResponses">Responses of the employee-input survey with the most (organization as a whole).</param>
/// <param name="VisionDrafts">Vision drafts of any status.</param>
/// <param name="PublishedVersion">The latest published vision version, or null.</param>
/// <param name="LatestAnnouncement">The latest announcement campaign, or null.</param>
/// <param name="VisionRollouts">Rollouts of the vision course.</param>
/// <param name="BestRolloutCompleted">The most members who completed one vision rollout.</param>
/// <param name="Candidates">Hiring candidates added.</param>
/// <param name="EvaluatedCandidates">Candidates with at least one evaluation against the vision scorecard.</param>
/// <param name="RolesWithGuidelines">Roles that have empowerment guidelines.</param>
/// <param name="RecoveriesRecorded">Service recoveries members recorded.</param>
/// <param name="Huddles">Leadership huddles held.</param>
/// <param name="HuddleWeeks">Distinct ISO weeks in which at least one huddle was held.</param>
/// <param name="Recognitions">Recognitions received from the recognition service.</param>
/// <param name="Celebrations">Celebrations held.</param>
public sealed record PlanSnapshot(
    int Members,
    int CultureObservations,
    int EmployeeInputSurveys,
    int EmployeeInputResponses,
    int VisionDrafts,
    int? PublishedVersion,
    AnnouncementProgress? LatestAnnouncement,
    int VisionRollouts,
    int BestRolloutCompleted,
    int Candidates,
    int EvaluatedCandidates,
    IReadOnlyCollection<MemberRole> RolesWithGuidelines,
    int RecoveriesRecorded,
    int Huddles,
    int HuddleWeeks,
    int Recognitions,
    int Celebrations);

/// <summary>One step as the plan shows it.</summary>
/// <param name="Number">1 to 8.</param>
/// <param name="Criterion">When the step is done, in words.</param>
/// <param name="Evidence">The numbers the state was decided on, by name.</param>
/// <param name="NextAction">What to do next; null once done.</param>
public sealed record PlanStepResult(
    PlanStep Step,
    int Number,
    string Title,
    PlanStepState State,
    string Criterion,
    IReadOnlyDictionary<string, decimal> Evidence,
    string? NextAction);

/// <param name="NextStep">The first step that is not done, or null when all are.</param>
public sealed record PlanResult(IReadOnlyList<PlanStepResult> Steps, int DoneSteps, PlanStep? NextStep);

/// <summary>
/// The 8-step improvement plan, computed from a <see cref="PlanSnapshot"/>. Each step's state
/// depends only on its own criterion (a later step can be done before an earlier one); the
/// "next step" is the first one not done.
/// </summary>
public static class ImprovementPlan
{
    /// <summary>Share of the latest announcement's audience that must acknowledge it.</summary>
    public const int CommunicateDonePercent = 80;

    /// <summary>Share of the organization's members who must complete one vision training rollout.</summary>
    public const int TrainingDonePercent = 90;

    /// <summary>Distinct weeks with a huddle before leadership counts as a routine.</summary>
    public const int LeadershipDoneWeeks = 4;

    /// <summary>The roles that need empowerment guidelines (owners decide everything anyway).</summary>
    public static IReadOnlyList<MemberRole> RolesNeedingGuidelines { get; } = [MemberRole.Employee, MemberRole.Leader];

    public static PlanResult Evaluate(PlanSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        PlanStepResult[] steps =
        [
            Culture(s), Vision(s), Communicate(s), Training(s), Hiring(s), Empowerment(s), Leadership(s), Celebrate(s),
        ];
        var next = steps.FirstOrDefault(r => r.State != PlanStepState.Done);
        return new PlanResult(steps, steps.Count(r => r.State == PlanStepState.Done), next?.Step);
    }

    private static PlanStepResult Culture(PlanSnapshot s) => Step(
        PlanStep.Culture,
        "Define the culture",
        s.EmployeeInputResponses > 0 ? PlanStepState.Done
            : s.CultureObservations > 0 || s.EmployeeInputSurveys > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
        "Done when an employee-input survey has responses; in progress once a culture observation is recorded or an employee-input survey is out.",
        new() { ["cultureObservations"] = s.CultureObservations, ["employeeInputSurveys"] = s.EmployeeInputSurveys, ["employeeInputResponses"] = s.EmployeeInputResponses },
        s.CultureObservations == 0 && s.EmployeeInputSurveys == 0
            ? "Record how work is really done today (culture observations) and ask employees what customers should think of your service (an employee-input survey)."
            : "Get employees to answer the employee-input survey: what do you want our customers to think of when they think of our service?");

    private static PlanStepResult Vision(PlanSnapshot s) => Step(
        PlanStep.Vision,
        "Write the customer service vision",
        s.PublishedVersion is not null ? PlanStepState.Done : s.VisionDrafts > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
        "Done when a vision version is published; in progress while drafts exist.",
        new() { ["visionDrafts"] = s.VisionDrafts, ["publishedVersion"] = s.PublishedVersion ?? 0 },
        s.VisionDrafts == 0 ? "Draft the vision statement with its pillars and standards." : "Have the draft reviewed, let it rest, then publish it.");

    private static PlanStepResult Communicate(PlanSnapshot s)
    {
        var a = s.LatestAnnouncement;
        var done = a is { Audience: > 0 } && a.Acknowledged * 100L >= CommunicateDonePercent * (long)a.Audience;
        return Step(
            PlanStep.Communicate,
            "Spread the word",
            done ? PlanStepState.Done : a is not null ? PlanStepState.InProgress : PlanStepState.NotStarted,
            $"Done when at least {CommunicateDonePercent}% of the latest announcement's audience acknowledged it; in progress once an announcement is sent.",
            new() { ["announcementAudience"] = a?.Audience ?? 0, ["acknowledged"] = a?.Acknowledged ?? 0, ["acknowledgedPercent"] = Percent(a?.Acknowledged ?? 0, a?.Audience ?? 0) },
            a is null
                ? (s.PublishedVersion is null ? "Publish the vision, then announce it to everyone." : "Announce the published vision to everyone, on the channels your people read.")
                : "Follow up with those who have not acknowledged the announcement yet (per department and location).");
    }

    private static PlanStepResult Training(PlanSnapshot s)
    {
        var done = s.Members > 0 && s.BestRolloutCompleted * 100L >= TrainingDonePercent * (long)s.Members;
        return Step(
            PlanStep.Training,
            "Train everyone",
            done ? PlanStepState.Done : s.VisionRollouts > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
            $"Done when one rollout of the vision course was completed by at least {TrainingDonePercent}% of the organization's members; in progress once a vision rollout started.",
            new() { ["members"] = s.Members, ["visionRollouts"] = s.VisionRollouts, ["bestRolloutCompleted"] = s.BestRolloutCompleted, ["completedPercent"] = Percent(s.BestRolloutCompleted, s.Members) },
            s.VisionRollouts == 0 ? "Roll the vision course out to everyone, not just the front line." : "Remind the members who have not completed their vision training.");
    }

    private static PlanStepResult Hiring(PlanSnapshot s) => Step(
        PlanStep.Hiring,
        "Hire for the vision",
        s.EvaluatedCandidates > 0 ? PlanStepState.Done : s.Candidates > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
        "Done when a candidate was evaluated against the scorecard derived from the vision; in progress once a candidate is added.",
        new() { ["candidates"] = s.Candidates, ["evaluatedCandidates"] = s.EvaluatedCandidates },
        s.PublishedVersion is null ? "Publish the vision: the hiring scorecard is derived from its pillars and standards."
            : s.Candidates == 0 ? "Add your next candidate and interview them with the vision scorecard."
            : "Score a candidate against the vision scorecard after the interview.");

    private static PlanStepResult Empowerment(PlanSnapshot s)
    {
        var missing = RolesNeedingGuidelines.Where(r => !s.RolesWithGuidelines.Contains(r)).ToList();
        var done = missing.Count == 0 && s.RecoveriesRecorded > 0;
        var started = s.RolesWithGuidelines.Count > 0 || s.RecoveriesRecorded > 0;
        return Step(
            PlanStep.Empowerment,
            "Empower to recover",
            done ? PlanStepState.Done : started ? PlanStepState.InProgress : PlanStepState.NotStarted,
            $"Done when every role ({string.Join(", ", RolesNeedingGuidelines)}) has guidelines for what it may do on its own and a recovery was recorded; in progress once either exists.",
            new() { ["rolesWithGuidelines"] = RolesNeedingGuidelines.Count - missing.Count, ["rolesNeedingGuidelines"] = RolesNeedingGuidelines.Count, ["recoveriesRecorded"] = s.RecoveriesRecorded },
            missing.Count > 0
                ? $"Write what {string.Join(" and ", missing)} members may do on their own to recover a failing interaction."
                : "Record the next service recovery: what happened, what was done and how it ended.");
    }

    private static PlanStepResult Leadership(PlanSnapshot s) => Step(
        PlanStep.Leadership,
        "Lead by repetition",
        s.HuddleWeeks >= LeadershipDoneWeeks ? PlanStepState.Done : s.Huddles > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
        $"Done when huddles were held in at least {LeadershipDoneWeeks} different weeks; in progress after the first huddle.",
        new() { ["huddles"] = s.Huddles, ["huddleWeeks"] = s.HuddleWeeks, ["weeksNeeded"] = LeadershipDoneWeeks },
        "Hold a short huddle on the proposed topic this week: every customer, every time.");

    private static PlanStepResult Celebrate(PlanSnapshot s) => Step(
        PlanStep.Celebrate,
        "Celebrate",
        s.Celebrations > 0 ? PlanStepState.Done : s.Recognitions > 0 ? PlanStepState.InProgress : PlanStepState.NotStarted,
        "Done when a celebration was held; in progress once someone was recognized for living a pillar.",
        new() { ["recognitions"] = s.Recognitions, ["celebrations"] = s.Celebrations },
        s.Recognitions == 0 ? "Recognize someone who lived a pillar with a customer." : "Hold a celebration for the members recognized for living the vision.");

    private static PlanStepResult Step(PlanStep step, string title, PlanStepState state, string criterion, Dictionary<string, decimal> evidence, string nextAction) =>
        new(step, (int)step + 1, title, state, criterion, evidence, state == PlanStepState.Done ? null : nextAction);

    private static decimal Percent(int part, int whole) => whole <= 0 ? 0m : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}
