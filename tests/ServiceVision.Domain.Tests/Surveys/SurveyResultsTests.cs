using ServiceVision.Domain.Surveys;

namespace ServiceVision.Domain.Tests.Surveys;

public sealed class SurveyResultsTests
{
    private static readonly IReadOnlyList<SurveyQuestion> Questions = SurveyRules.SeedQuestions(SurveyKind.CustomerFeedback);
    private static readonly AnonymityThresholds Five = new(5, 10);
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static int next;

    private static SurveyResponse Response(string? location, string? department = null, int csat = 4, int nps = 8, string? comment = null, string? touchpoint = null, DateTimeOffset? at = null)
    {
        var answers = new List<SurveyAnswer> { new("csat", csat, [], null), new("nps", nps, [], null) };
        if (comment is not null)
        {
            answers.Add(new SurveyAnswer("comment", null, [], comment));
        }

        return new SurveyResponse($"r{Interlocked.Increment(ref next)}", at ?? Monday, location, department, null, touchpoint, answers, []);
    }

    private static List<SurveyResponse> Many(int count, string? location, string? department = null, int csat = 4, int nps = 8, string? comment = null) =>
        [.. Enumerable.Range(0, count).Select(_ => Response(location, department, csat, nps, comment))];

    [Fact]
    public void A_view_with_enough_responses_shows_its_scores_and_a_breakdown_of_groups_at_or_over_the_threshold()
    {
        List<SurveyResponse> responses = [.. Many(6, "north", nps: 10), .. Many(5, "south", nps: 0)];

        var results = SurveyResults.Compute(Questions, responses, ResultsFilter.None, ResultDimension.Location, Five);

        Assert.False(results.Suppressed);
        Assert.Equal(11, results.Responses);
        Assert.Equal(["north", "south"], results.Breakdown.Select(g => g.GroupId));
        Assert.Equal(100m, results.Breakdown[0].Scores.Nps);
        Assert.Equal(-100m, results.Breakdown[1].Scores.Nps);
        Assert.Equal(0, results.HiddenGroups);
    }

    [Fact]
    public void A_view_under_the_threshold_shows_nothing_not_even_its_count()
    {
        var results = SurveyResults.Compute(Questions, Many(4, "north"), ResultsFilter.None, ResultDimension.Location, Five);

        Assert.True(results.Suppressed);
        Assert.Null(results.Responses);
        Assert.Null(results.Scores);
        Assert.Empty(results.Breakdown);
    }

    [Fact]
    public void A_group_under_the_threshold_is_hidden_and_so_is_the_next_smallest_so_the_total_minus_the_rest_reveals_nothing()
    {
        // Org total 25: A 10, B 8, C 3. Showing A and B would give C = 25 - 10 - 8 - (4 without location)... so
        // the hidden responses (C 3 + none 4 = 7) are fine; with no unassigned ones, C alone would be 3.
        List<SurveyResponse> responses = [.. Many(10, "a"), .. Many(8, "b"), .. Many(3, "c", nps: 0)];

        var results = SurveyResults.Compute(Questions, responses, ResultsFilter.None, ResultDimension.Location, Five);

        Assert.DoesNotContain(results.Breakdown, g => g.GroupId == "c");
        Assert.DoesNotContain(results.Breakdown, g => g.GroupId == "b");
        Assert.Equal(["a"], results.Breakdown.Select(g => g.GroupId));
        var leftOut = results.Responses!.Value - results.Breakdown.Sum(g => g.Responses);
        Assert.True(leftOut == 0 || leftOut >= 5, $"the difference {leftOut} would reveal a small group");
    }

    [Fact]
    public void Responses_without_a_group_count_as_hidden_so_they_need_no_extra_suppression_when_there_are_enough()
    {
        List<SurveyResponse> responses = [.. Many(10, "a"), .. Many(8, "b"), .. Many(3, "c"), .. Many(4, null)];

        var results = SurveyResults.Compute(Questions, responses, ResultsFilter.None, ResultDimension.Location, Five);

        Assert.Equal(["a", "b"], results.Breakdown.Select(g => g.GroupId));
        Assert.Equal(1, results.HiddenGroups);
    }

    [Fact]
    public void Filtering_on_a_small_group_shows_nothing()
    {
        List<SurveyResponse> responses = [.. Many(20, "a"), .. Many(3, "c")];

        var results = SurveyResults.Compute(Questions, responses, new ResultsFilter("c", null, null, null), null, Five);

        Assert.True(results.Suppressed);
    }

    [Fact]
    public void A_filter_that_removes_fewer_than_the_threshold_from_a_wider_view_is_refused_so_A_minus_A_and_B_reveals_nobody()
    {
        // Location a: 12 responses, 10 of department d and 2 of department e. "a" (12) minus "a + d" (10)
        // would single out the 2 of e.
        List<SurveyResponse> responses = [.. Many(10, "a", "d", nps: 10), .. Many(2, "a", "e", nps: 0), .. Many(30, "b", "d")];

        var wide = SurveyResults.Compute(Questions, responses, new ResultsFilter("a", null, null, null), null, Five);
        var narrow = SurveyResults.Compute(Questions, responses, new ResultsFilter("a", "d", null, null), null, Five);

        Assert.False(wide.Suppressed);
        Assert.True(narrow.Suppressed);
    }

    [Fact]
    public void A_breakdown_group_that_differs_from_the_same_group_without_the_filter_by_a_few_is_hidden()
    {
        // Department d at location a: 10; location a overall: 12 (2 of e). Breaking department d down by
        // location would show a = 10 next to the unfiltered breakdown's a = 12.
        List<SurveyResponse> responses = [.. Many(10, "a", "d"), .. Many(2, "a", "e"), .. Many(30, "b", "d"), .. Many(30, "b", "e")];

        var results = SurveyResults.Compute(Questions, responses, new ResultsFilter(null, "d", null, null), ResultDimension.Location, Five);

        Assert.False(results.Suppressed);
        Assert.DoesNotContain(results.Breakdown, g => g.GroupId == "a");
        // ... and hiding a leaves 10 out of the view, which is enough to hide it in.
        Assert.Equal(["b"], results.Breakdown.Select(g => g.GroupId));
    }

    [Fact]
    public void Every_shown_number_survives_every_difference_attack_over_all_allowed_views()
    {
        // A brute force over a small world: for every pair of views an analyst can ask for (each filter
        // combination and breakdown), no difference of two shown counts that differ is between 1 and k-1
        // when one view's responses contain the other's.
        var random = new Random(7);
        var locations = new[] { "l1", "l2", "l3" };
        var departments = new[] { "d1", "d2", "d3" };
        var responses = Enumerable.Range(0, 60)
            .Select(_ => Response(locations[random.Next(3)], departments[random.Next(3)], touchpoint: random.Next(4) == 0 ? "desk" : null))
            .ToList();
        var cells = new List<(HashSet<string> Members, string Label)>();
        var filters = new List<ResultsFilter> { ResultsFilter.None };
        filters.AddRange(locations.Select(l => new ResultsFilter(l, null, null, null)));
        filters.AddRange(departments.Select(d => new ResultsFilter(null, d, null, null)));
        filters.AddRange(from l in locations from d in departments select new ResultsFilter(l, d, null, null));
        foreach (var filter in filters)
        {
            foreach (var dimension in new ResultDimension?[] { null, ResultDimension.Location, ResultDimension.Department })
            {
                var view = SurveyResults.Compute(Questions, responses, filter, dimension, Five);
                if (view.Suppressed)
                {
                    continue;
                }

                var inView = responses.Where(r => (filter.LocationId is null || r.LocationId == filter.LocationId) && (filter.DepartmentId is null || r.DepartmentId == filter.DepartmentId)).ToList();
                cells.Add(([.. inView.Select(r => r.Id)], $"{filter}"));
                foreach (var group in view.Breakdown)
                {
                    var members = inView.Where(r => SurveyResults.GroupOf(r, dimension!.Value) == group.GroupId).Select(r => r.Id).ToHashSet();
                    Assert.Equal(members.Count, group.Responses);
                    cells.Add((members, $"{filter} {dimension}={group.GroupId}"));
                }
            }
        }

        foreach (var (outer, outerLabel) in cells)
        {
            foreach (var (inner, innerLabel) in cells)
            {
                if (inner.IsSubsetOf(outer))
                {
                    var difference = outer.Count - inner.Count;
                    Assert.False(difference is > 0 and < 5, $"{outerLabel} minus {innerLabel} isolates {difference} responses");
                }
            }
        }
    }

    [Fact]
    public void Comments_need_the_higher_threshold_and_come_sorted_without_anything_else_of_their_response()
    {
        List<SurveyResponse> few = [.. Many(9, "a", comment: "Too slow"), .. Many(10, "a")];
        List<SurveyResponse> enough = [.. Many(9, "a", comment: "Too slow"), Response("a", comment: "Awesome staff"), .. Many(10, "a")];

        var hidden = SurveyResults.Compute(Questions, few, ResultsFilter.None, null, Five);
        var shown = SurveyResults.Compute(Questions, enough, ResultsFilter.None, null, Five);

        Assert.False(hidden.CommentsShown);
        Assert.Empty(hidden.Comments);
        Assert.True(shown.CommentsShown);
        Assert.Equal("Awesome staff", shown.Comments[0]);
        Assert.Equal(10, shown.Comments.Count);
    }

    [Fact]
    public void Breakdowns_by_touchpoint_group_ignoring_case_and_by_week_by_the_monday()
    {
        List<SurveyResponse> responses =
        [
            .. Enumerable.Range(0, 5).Select(_ => Response("a", touchpoint: "Front Desk", at: Monday.AddDays(2))),
            .. Enumerable.Range(0, 5).Select(_ => Response("a", touchpoint: " front   desk", at: Monday.AddDays(7))),
        ];

        var byTouchpoint = SurveyResults.Compute(Questions, responses, ResultsFilter.None, ResultDimension.Touchpoint, Five);
        var byWeek = SurveyResults.Compute(Questions, responses, ResultsFilter.None, ResultDimension.Week, Five);

        Assert.Equal(["front desk"], byTouchpoint.Breakdown.Select(g => g.GroupId));
        Assert.Equal(["2026-11-23", "2026-11-30"], byWeek.Breakdown.Select(g => g.GroupId));
    }

    [Fact]
    public void Question_results_give_each_scale_value_and_each_choice_a_count()
    {
        var questions = new[]
        {
            new SurveyQuestion("s", QuestionType.Scale, "Scale", true, 1, 3, [], QuestionMetric.None),
            new SurveyQuestion("m", QuestionType.MultipleChoice, "Pick", false, null, null, [new("x", "X"), new("y", "Y")], QuestionMetric.None),
        };
        var responses = new[]
        {
            new SurveyResponse("1", Monday, null, null, null, null, [new("s", 1, [], null), new("m", null, ["x", "y"], null)], []),
            new SurveyResponse("2", Monday, null, null, null, null, [new("s", 3, [], null), new("m", null, ["y"], null)], []),
        };

        var results = SurveyResults.Questions(questions, responses);

        Assert.Equal(["1:1", "2:0", "3:1"], results[0].Distribution.Select(d => $"{d.Value}:{d.Count}"));
        Assert.Equal(2m, results[0].Average);
        Assert.Equal(["x:1", "y:2"], results[1].Distribution.Select(d => $"{d.Value}:{d.Count}"));
    }
}
