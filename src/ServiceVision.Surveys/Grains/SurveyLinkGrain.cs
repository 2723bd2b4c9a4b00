using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

public sealed class SurveyLinkState
{
    public string SurveyId { get; set; } = "";

    public string? LocationId { get; set; }

    public string? LocationName { get; set; }

    public int Cap { get; set; }

    public bool Revoked { get; set; }

    public string Token { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A public link; see <see cref="ISurveyLinkGrain"/>.</summary>
public sealed class SurveyLinkGrain : Grain<SurveyLinkState>, ISurveyLinkGrain
{
    public const int MinTokenLength = 8;
    public const int MaxTokenLength = 100;

    private string LinkId => GrainKey[(GrainKey.LastIndexOf(GrainId.TenantSeparator) + 1)..];

    // Responses this link accepted in the current round. Not stored here: the buckets hold the truth
    // (each response names its link), so a submission writes only its bucket; counted from them once
    // per activation and per round.
    private int accepted;
    private int acceptedRound = -1;

    public async Task<LinkView> Initialize(LinkSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (!RecordExists)
        {
            State = new SurveyLinkState
            {
                SurveyId = setup.SurveyId,
                LocationId = setup.LocationId,
                LocationName = setup.LocationName,
                Cap = setup.Cap,
                Token = setup.Token,
                CreatedAt = setup.CreatedAt,
            };
            await WriteStateAsync();
        }

        return View();
    }

    public async Task<LinkView> GetLink()
    {
        RequireExists();
        var survey = await Survey().GetSubmissionContext();
        await CountAcceptedAsync(survey.Round);
        return View();
    }

    private async Task CountAcceptedAsync(int round)
    {
        if (acceptedRound == round)
        {
            return;
        }

        if (round <= 0)
        {
            (accepted, acceptedRound) = (0, round);
            return;
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, SurveysKeys.Buckets)
            .Select(shard => GrainFactory.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(TenantId, State.SurveyId, round, shard)).CountForLink(LinkId)));
        accepted = counts.Sum();
        acceptedRound = round;
    }

    public async Task<PublicSurveyForm> GetForm()
    {
        RequireActive();
        var survey = await Survey().GetSubmissionContext();
        RequireOpen(survey);
        return new PublicSurveyForm(survey.Title, survey.Description, survey.Kind, State.LocationName, survey.Questions);
    }

    public async Task<SubmissionResult> Submit(PublicSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        RequireActive();
        var survey = await Survey().GetSubmissionContext();
        RequireOpen(survey);

        var errors = new List<ValidationError>();
        var token = submission.RespondentToken;
        if (token is null || token.Length < MinTokenLength || token.Length > MaxTokenLength || token.Any(c => c < 0x21 || c > 0x7e))
        {
            errors.Add(new("respondentToken", $"A respondent token is {MinTokenLength} to {MaxTokenLength} visible ASCII characters, the same for a retry of the same response."));
        }

        var checkedResponse = SurveyRules.CheckResponse(survey.Questions, submission.Answers);
        errors.AddRange(checkedResponse.Errors);
        SurveyRules.CheckContext(errors, submission.Channel, submission.Touchpoint);
        ValidationFailedException.ThrowIfAny(errors);

        var answers = checkedResponse.Answers;
        var settings = await GrainFactory.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(TenantId)).GetSettings();
        var (hash, shard) = SurveysKeys.HashRespondent(survey.Secret, token!);
        int? Metric(QuestionMetric metric) =>
            survey.Questions.FirstOrDefault(q => q.Metric == metric) is { } q ? answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Value : null;
        var comment = string.Join("\n", survey.Questions.Where(q => q.Type == QuestionType.FreeText)
            .Select(q => answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Text).OfType<string>());

        await CountAcceptedAsync(survey.Round);
        var result = await GrainFactory.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(TenantId, State.SurveyId, survey.Round, shard)).Add(new NewResponse(
            hash,
            LinkId,
            State.LocationId,
            null,
            submission.Channel?.Trim(),
            submission.Touchpoint?.Trim(),
            answers,
            accepted < State.Cap,
            new CustomerResponseEvents(State.SurveyId, Metric(QuestionMetric.Csat), Metric(QuestionMetric.Nps), comment.Length == 0 ? null : comment, settings.RecoveryResponseHours)));
        if (result.Created)
        {
            accepted++;
        }

        return new SubmissionResult(result.ResponseId, result.SubmittedAt, !result.Created);
    }

    public async Task<LinkView> Revoke()
    {
        RequireExists();
        if (!State.Revoked)
        {
            State.Revoked = true;
            await WriteStateAsync();
        }

        return View();
    }

    private ISurveyGrain Survey() => GrainFactory.GetGrain<ISurveyGrain>(SurveysKeys.Survey(TenantId, State.SurveyId));

    private static void RequireOpen(SubmissionContext survey)
    {
        if (survey.Status != SurveyStatus.Open)
        {
            throw new ConflictException("This survey is not open for responses.");
        }
    }

    private void RequireExists()
    {
        if (!RecordExists)
        {
            throw new NotFoundException("The survey link");
        }
    }

    private void RequireActive()
    {
        RequireExists();
        if (State.Revoked)
        {
            throw new NotFoundException("The survey link");
        }
    }

    private LinkView View() => new(LinkId, State.SurveyId, State.LocationId, State.LocationName, State.Cap, accepted, State.Revoked, State.Token, State.CreatedAt);
}
