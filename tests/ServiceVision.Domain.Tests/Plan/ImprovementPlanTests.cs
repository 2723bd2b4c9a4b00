using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;

namespace ServiceVision.Domain.Tests.Plan;

public sealed class ImprovementPlanTests
{
    private static readonly PlanSnapshot Nothing = new(
        Members: 10, CultureObservations: 0, EmployeeInputSurveys: 0, EmployeeInputResponses: 0, VisionDrafts: 0, PublishedVersion: null,
        LatestAnnouncement: null, VisionRollouts: 0, BestRolloutCompleted: 0, Candidates: 0, EvaluatedCandidates: 0,
        RolesWithGuidelines: [], RecoveriesRecorded: 0, Huddles: 0, HuddleWeeks: 0, Recognitions: 0, Celebrations: 0);

    private static PlanStepState State(PlanSnapshot snapshot, PlanStep step) =>
        ImprovementPlan.Evaluate(snapshot).Steps.Single(s => s.Step == step).State;

    [Fact]
    public void A_new_organization_has_every_step_not_started_and_culture_next()
    {
        var plan = ImprovementPlan.Evaluate(Nothing);

        Assert.Equal(Enum.GetValues<PlanStep>(), plan.Steps.Select(s => s.Step));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], plan.Steps.Select(s => s.Number));
        Assert.All(plan.Steps, s => Assert.Equal(PlanStepState.NotStarted, s.State));
        Assert.All(plan.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.NextAction)));
        Assert.Equal(PlanStep.Culture, plan.NextStep);
        Assert.Equal(0, plan.DoneSteps);
    }

    [Fact]
    public void Culture_is_in_progress_with_an_observation_or_a_survey_without_responses_and_done_with_responses()
    {
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { CultureObservations = 1 }, PlanStep.Culture));
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { EmployeeInputSurveys = 1 }, PlanStep.Culture));
        Assert.Equal(PlanStepState.Done, State(Nothing with { EmployeeInputSurveys = 1, EmployeeInputResponses = 1 }, PlanStep.Culture));
    }

    [Fact]
    public void Vision_is_in_progress_with_a_draft_and_done_once_published()
    {
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { VisionDrafts = 1 }, PlanStep.Vision));
        Assert.Equal(PlanStepState.Done, State(Nothing with { VisionDrafts = 1, PublishedVersion = 1 }, PlanStep.Vision));
    }

    [Theory]
    [InlineData(10, 0, PlanStepState.InProgress)]
    [InlineData(10, 7, PlanStepState.InProgress)]
    [InlineData(10, 8, PlanStepState.Done)]
    [InlineData(5, 4, PlanStepState.Done)]
    [InlineData(4, 3, PlanStepState.InProgress)]
    [InlineData(0, 0, PlanStepState.InProgress)]
    public void Communicate_is_done_when_80_percent_of_the_latest_announcement_acknowledged_it(int audience, int acknowledged, PlanStepState expected) =>
        Assert.Equal(expected, State(Nothing with { LatestAnnouncement = new AnnouncementProgress(audience, acknowledged) }, PlanStep.Communicate));

    [Fact]
    public void Communicate_has_not_started_without_an_announcement() =>
        Assert.Equal(PlanStepState.NotStarted, State(Nothing with { PublishedVersion = 1 }, PlanStep.Communicate));

    [Theory]
    [InlineData(0, 0, PlanStepState.NotStarted)]
    [InlineData(1, 0, PlanStepState.InProgress)]
    [InlineData(1, 8, PlanStepState.InProgress)]
    [InlineData(1, 9, PlanStepState.Done)]
    public void Training_is_done_when_one_vision_rollout_was_completed_by_90_percent_of_the_members(int rollouts, int completed, PlanStepState expected) =>
        Assert.Equal(expected, State(Nothing with { VisionRollouts = rollouts, BestRolloutCompleted = completed }, PlanStep.Training));

    [Fact]
    public void Hiring_is_in_progress_with_a_candidate_and_done_once_one_is_evaluated()
    {
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { Candidates = 1 }, PlanStep.Hiring));
        Assert.Equal(PlanStepState.Done, State(Nothing with { Candidates = 1, EvaluatedCandidates = 1 }, PlanStep.Hiring));
    }

    [Fact]
    public void Empowerment_needs_guidelines_for_employees_and_leaders_and_a_recorded_recovery()
    {
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { RolesWithGuidelines = [MemberRole.Employee] }, PlanStep.Empowerment));
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { RecoveriesRecorded = 1 }, PlanStep.Empowerment));
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { RolesWithGuidelines = [MemberRole.Employee, MemberRole.Leader] }, PlanStep.Empowerment));
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { RolesWithGuidelines = [MemberRole.Employee, MemberRole.Owner], RecoveriesRecorded = 1 }, PlanStep.Empowerment));
        Assert.Equal(PlanStepState.Done, State(Nothing with { RolesWithGuidelines = [MemberRole.Employee, MemberRole.Leader], RecoveriesRecorded = 1 }, PlanStep.Empowerment));
    }

    [Theory]
    [InlineData(0, 0, PlanStepState.NotStarted)]
    [InlineData(1, 1, PlanStepState.InProgress)]
    [InlineData(30, 3, PlanStepState.InProgress)]
    [InlineData(4, 4, PlanStepState.Done)]
    public void Leadership_is_done_when_huddles_were_held_in_4_different_weeks(int huddles, int weeks, PlanStepState expected) =>
        Assert.Equal(expected, State(Nothing with { Huddles = huddles, HuddleWeeks = weeks }, PlanStep.Leadership));

    [Fact]
    public void Celebrate_is_in_progress_with_a_recognition_and_done_with_a_celebration()
    {
        Assert.Equal(PlanStepState.InProgress, State(Nothing with { Recognitions = 1 }, PlanStep.Celebrate));
        Assert.Equal(PlanStepState.Done, State(Nothing with { Celebrations = 1 }, PlanStep.Celebrate));
    }

    [Fact]
    public void The_next_step_is_the_first_that_is_not_done_and_a_done_step_has_no_next_action()
    {
        var plan = ImprovementPlan.Evaluate(Nothing with { EmployeeInputResponses = 3, EmployeeInputSurveys = 1, PublishedVersion = 1, Celebrations = 1 });

        Assert.Equal(PlanStep.Communicate, plan.NextStep);
        Assert.Equal(3, plan.DoneSteps);
        Assert.Null(plan.Steps.Single(s => s.Step == PlanStep.Vision).NextAction);
        Assert.Equal(1m, plan.Steps.Single(s => s.Step == PlanStep.Vision).Evidence["publishedVersion"]);
    }

    [Fact]
    public void When_every_step_is_done_there_is_no_next_step()
    {
        var plan = ImprovementPlan.Evaluate(new PlanSnapshot(4, 1, 1, 3, 1, 1, new AnnouncementProgress(4, 4), 1, 4, 1, 1, [MemberRole.Employee, MemberRole.Leader], 1, 4, 4, 1, 1));

        Assert.Null(plan.NextStep);
        Assert.Equal(8, plan.DoneSteps);
    }
}
