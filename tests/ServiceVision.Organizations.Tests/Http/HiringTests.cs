using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class HiringTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Scorecard = "/api/v1/hiring/scorecard";
    private const string Candidates = "/api/v1/hiring/candidates";
    private const string Statement = "We greet every guest by name and make each visit feel personal.";

    // Client-chosen item ids, so criterion ids are predictable: pillar-{id}, standard-{id}, never-always.
    private static readonly object[] Items =
    [
        new { id = "personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "use-name", kind = "SubPillar", parentId = "personal", text = "Use the guest's name", order = 0 },
        new { id = "beyond", kind = "Pillar", text = "Above and beyond", order = 1 },
        new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 2 },
        new { id = "no-alt", kind = "Never", text = "Say no without an alternative", order = 3 },
        new { id = "thanks", kind = "Always", text = "Thank the guest", order = 4 },
    ];

    private static readonly string[] CriterionIds = ["pillar-personal", "pillar-beyond", "standard-rings", "never-always"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_scorecard_lists_one_criterion_per_pillar_and_standard_plus_never_and_always_with_two_questions_each()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var scorecard = await owner.Client.GetFromJsonAsync<JsonElement>(Scorecard, Cancel);

        Assert.Equal(1, scorecard.GetProperty("visionVersion").GetInt32());
        var criteria = scorecard.GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(CriterionIds, criteria.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["Pillar", "Pillar", "Standard", "NeverAndAlways"], criteria.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(["Personal touch", "Above and beyond", "Answer within three rings", "Never & Always"], criteria.Select(c => c.GetProperty("title").GetString()));
        Assert.All(criteria, c => Assert.Equal(2, c.GetProperty("interviewQuestions").GetArrayLength()));
        Assert.Equal([3, 3, 2, 2], criteria.Select(c => c.GetProperty("weight").GetInt32()));
        Assert.Equal([false, false, true, true], criteria.Select(c => c.GetProperty("isNonNegotiable").GetBoolean()));
    }

    [Fact]
    public async Task Without_a_published_vision_there_is_no_scorecard_and_no_candidate()
    {
        var owner = await platform.SignUpAsync();

        var scorecard = await owner.Client.GetAsync(new Uri(Scorecard, UriKind.Relative), Cancel);
        var candidate = await owner.Client.PostAsJsonAsync(Candidates, new { name = "Ana Diaz", position = "Barista" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, scorecard.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, candidate.StatusCode);
        Assert.Equal(0, await CandidateCountAsync(owner));
    }

    [Fact]
    public async Task A_candidate_scored_5_everywhere_is_a_strong_hire()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Ana Diaz");

        var response = await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 5), notes: "Warm and quick.");

        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var evaluation = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("StrongHire", evaluation.GetProperty("recommendation").GetString());
        Assert.Equal(5m, evaluation.GetProperty("weightedAverage").GetDecimal());
        Assert.Equal(0, evaluation.GetProperty("missingCriteria").GetArrayLength());
        var read = await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel);
        Assert.Equal("StrongHire", read.GetProperty("overall").GetProperty("recommendation").GetString());
        Assert.Equal("Warm and quick.", read.GetProperty("evaluations")[0].GetProperty("notes").GetString());
        Assert.Equal(owner.MemberId, read.GetProperty("evaluations")[0].GetProperty("interviewerId").GetString());
    }

    [Fact]
    public async Task A_1_on_a_standard_is_no_hire_and_stays_a_veto_when_another_interviewer_scores_5s()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Ben Ode");
        var scores = CriterionIds.ToDictionary(id => id, _ => 5);
        scores["standard-rings"] = 1;

        var vetoed = await EvaluateAsync(owner.Client, candidate, scores);
        var enthusiastic = await EvaluateAsync(leader.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 5));

        await ApiSessions.EnsureAsync(vetoed, HttpStatusCode.Created);
        Assert.Equal("NoHire", (await vetoed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("recommendation").GetString());
        await ApiSessions.EnsureAsync(enthusiastic, HttpStatusCode.Created);
        var overall = (await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel)).GetProperty("overall");
        Assert.Equal("NoHire", overall.GetProperty("recommendation").GetString());
        Assert.Equal(2, overall.GetProperty("evaluationCount").GetInt32());
        Assert.Equal(["standard-rings"], overall.GetProperty("vetoedCriteria").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Evaluations_of_several_interviewers_are_averaged_per_criterion()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Cleo Park");

        await ApiSessions.EnsureAsync(await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 4)), HttpStatusCode.Created);
        var partial = await EvaluateAsync(leader.Client, candidate, new Dictionary<string, int> { ["pillar-personal"] = 2 });

        var evaluation = await partial.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("Incomplete", evaluation.GetProperty("recommendation").GetString());
        Assert.Equal(["pillar-beyond", "standard-rings", "never-always"], evaluation.GetProperty("missingCriteria").EnumerateArray().Select(m => m.GetString()));

        // personal (4 + 2) / 2 = 3, the rest 4: (9 + 12 + 8 + 8) / 10 = 3.7.
        var overall = (await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel)).GetProperty("overall");
        Assert.Equal(3.7m, overall.GetProperty("weightedAverage").GetDecimal());
        Assert.Equal("Hire", overall.GetProperty("recommendation").GetString());
    }

    [Fact]
    public async Task An_interviewer_evaluates_a_candidate_once()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Dan Eze");
        await ApiSessions.EnsureAsync(await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 5)), HttpStatusCode.Created);

        var again = await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 1));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var read = await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel);
        Assert.Equal(1, read.GetProperty("evaluations").GetArrayLength());
        Assert.Equal("StrongHire", read.GetProperty("overall").GetProperty("recommendation").GetString());
    }

    [Fact]
    public async Task Scores_for_unknown_criteria_or_outside_1_to_5_are_a_400_naming_each_score_and_record_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Eve Fox");

        var invalid = await EvaluateAsync(owner.Client, candidate, new Dictionary<string, int> { ["pillar-personal"] = 6, ["standard-rings"] = 0, ["pillar-gone"] = 3, ["pillar-beyond"] = 4 });
        var empty = await EvaluateAsync(owner.Client, candidate, []);

        Assert.Equal(["scores[pillar-gone]", "scores[pillar-personal]", "scores[standard-rings]"], await ServiceDesignTests.ErrorFieldsAsync(invalid));
        Assert.Equal(["scores"], await ServiceDesignTests.ErrorFieldsAsync(empty));
        var read = await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel);
        Assert.Equal(0, read.GetProperty("evaluations").GetArrayLength());
        Assert.Equal(1, read.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Publishing_a_new_vision_version_leaves_an_existing_candidates_scorecard_unchanged()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Finn Gray");

        await platform.PublishVisionAsync(owner, Statement,
        [
            new { id = "personal", kind = "Pillar", text = "A personal welcome", order = 0 },
            new { kind = "Pillar", text = "Fix it fast", order = 1 },
            new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 2 },
        ]);

        var current = await owner.Client.GetFromJsonAsync<JsonElement>(Scorecard, Cancel);
        Assert.Equal(2, current.GetProperty("visionVersion").GetInt32());
        Assert.Equal(["A personal welcome", "Fix it fast", "Answer within three rings"], Titles(current));
        var kept = (await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel)).GetProperty("scorecard");
        Assert.Equal(1, kept.GetProperty("visionVersion").GetInt32());
        Assert.Equal(["Personal touch", "Above and beyond", "Answer within three rings", "Never & Always"], Titles(kept));

        // The candidate is still scored on what they were interviewed for.
        var evaluation = await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 5));
        await ApiSessions.EnsureAsync(evaluation, HttpStatusCode.Created);
        Assert.Equal("StrongHire", (await evaluation.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("recommendation").GetString());
    }

    [Fact]
    public async Task A_leaders_own_question_joins_the_criterion_and_stays_across_versions_while_the_criterion_exists()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await platform.PublishVisionAsync(owner, Statement, Items);

        var added = await leader.Client.PostAsJsonAsync("/api/v1/hiring/criteria/standard-rings/questions", new { text = "How do you keep the phone covered at rush hour?" }, Cancel);
        var unknown = await leader.Client.PostAsJsonAsync("/api/v1/hiring/criteria/pillar-nope/questions", new { text = "Anything?" }, Cancel);
        var blank = await leader.Client.PostAsJsonAsync("/api/v1/hiring/criteria/standard-rings/questions", new { text = " " }, Cancel);

        await ApiSessions.EnsureAsync(added, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["text"], await ServiceDesignTests.ErrorFieldsAsync(blank));
        await platform.PublishVisionAsync(owner, Statement + " Every time.", Items);
        var scorecard = await owner.Client.GetFromJsonAsync<JsonElement>(Scorecard, Cancel);
        Assert.Equal(2, scorecard.GetProperty("visionVersion").GetInt32());
        var rings = scorecard.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "standard-rings");
        Assert.Equal(2, rings.GetProperty("interviewQuestions").GetArrayLength());
        var question = Assert.Single(rings.GetProperty("leaderQuestions").EnumerateArray());
        Assert.Equal("How do you keep the phone covered at rush hour?", question.GetProperty("text").GetString());
        Assert.Equal(leader.MemberId, question.GetProperty("addedBy").GetString());
    }

    [Fact]
    public async Task Creating_a_candidate_again_with_the_same_idempotency_key_creates_one()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var body = new { name = "Gil Hart", position = "Host", email = "gil@example.com" };

        var first = await PostWithKeyAsync(owner.Client, Candidates, body, "candidate-1");
        var again = await PostWithKeyAsync(owner.Client, Candidates, body, "candidate-1");

        await ApiSessions.EnsureAsync(first, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await CandidateCountAsync(owner));
    }

    [Fact]
    public async Task An_invalid_candidate_is_a_400_naming_each_field_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var response = await owner.Client.PostAsJsonAsync(Candidates, new { name = " ", email = "not an address" }, Cancel);

        Assert.Equal(["email", "name", "position"], await ServiceDesignTests.ErrorFieldsAsync(response));
        Assert.Equal(0, await CandidateCountAsync(owner));
    }

    [Fact]
    public async Task Candidates_are_listed_newest_first_with_their_recommendation()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var first = await CreateCandidateAsync(owner, "First");
        await CreateCandidateAsync(owner, "Second");
        await ApiSessions.EnsureAsync(await EvaluateAsync(owner.Client, first, CriterionIds.ToDictionary(id => id, _ => 3)), HttpStatusCode.Created);

        var list = await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}?pageSize=1&page=2", Cancel);

        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("First", item.GetProperty("name").GetString());
        Assert.Equal("Hire", item.GetProperty("recommendation").GetString());
        Assert.Equal(1, item.GetProperty("evaluationCount").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_candidate_needs_the_current_etag()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Hana Ito");
        var path = $"{Candidates}/{candidate}";
        await ApiSessions.EnsureAsync(await EvaluateAsync(owner.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 4)), HttpStatusCode.Created);

        var missing = await ServiceDesignTests.SendAsync(owner.Client, HttpMethod.Delete, path, null, null);
        var stale = await ServiceDesignTests.SendAsync(owner.Client, HttpMethod.Delete, path, null, "\"1\"");
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var etag = (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).Headers.ETag!.Tag;
        Assert.Equal("\"2\"", etag);

        var deleted = await ServiceDesignTests.SendAsync(owner.Client, HttpMethod.Delete, path, null, etag);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_candidate_is_404()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{Candidates}/cand_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await EvaluateAsync(owner.Client, "cand_unknown", new Dictionary<string, int> { ["pillar-personal"] = 3 })).StatusCode);
    }

    [Fact]
    public async Task An_employee_gets_403_on_hiring_routes()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        await platform.PublishVisionAsync(owner, Statement, Items);
        var candidate = await CreateCandidateAsync(owner, "Ivy Jay");

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri(Scorecard, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri(Candidates, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri($"{Candidates}/{candidate}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.PostAsJsonAsync(Candidates, new { name = "Me", position = "Boss" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EvaluateAsync(employee.Client, candidate, CriterionIds.ToDictionary(id => id, _ => 5))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.PostAsJsonAsync("/api/v1/hiring/criteria/standard-rings/questions", new { text = "Why?" }, Cancel)).StatusCode);
        Assert.Equal(1, await CandidateCountAsync(owner));
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>($"{Candidates}/{candidate}", Cancel)).GetProperty("evaluations").GetArrayLength());
    }

    private static async Task<string> CreateCandidateAsync(ApiSession session, string name)
    {
        var response = await session.Client.PostAsJsonAsync(Candidates, new { name, position = "Barista" }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> EvaluateAsync(HttpClient client, string candidateId, Dictionary<string, int> scores, string? notes = null) =>
        client.PostAsJsonAsync($"{Candidates}/{candidateId}/evaluations", new { scores, notes }, Cancel);

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Cancel);
    }

    private static async Task<int> CandidateCountAsync(ApiSession owner) =>
        (await owner.Client.GetFromJsonAsync<JsonElement>(Candidates, Cancel)).GetProperty("total").GetInt32();

    private static IEnumerable<string?> Titles(JsonElement scorecard) =>
        scorecard.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("title").GetString());
}
