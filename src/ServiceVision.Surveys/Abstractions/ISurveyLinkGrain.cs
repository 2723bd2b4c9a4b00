using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// One public link of a survey (key "{org}/survey-link/{linkId}"): the location it reports for, its
/// response cap and how many responses it accepted. Customers reach it by the link's token, without
/// signing in; each link is its own grain so locations submit in parallel.
/// </summary>
public interface ISurveyLinkGrain : IGrain
{
    /// <summary>Sets the link up once (a repeat changes nothing).</summary>
    Task<LinkView> Initialize(LinkSetup setup);

    /// <summary>The link with how many responses it accepted this round; 404 when it does not exist.</summary>
    Task<LinkView> GetLink();

    /// <summary>The questions a customer sees; 404 when the link is unknown or revoked, 409 when the survey is not open.</summary>
    [ReadOnly]
    Task<PublicSurveyForm> GetForm();

    /// <summary>
    /// Accepts a customer response once per respondent token: a repeat returns the first result and
    /// counts once. 400 naming the field; 404 unknown or revoked link; 409 survey not open or the
    /// link's cap reached.
    /// </summary>
    Task<SubmissionResult> Submit(PublicSubmission submission);

    /// <summary>Revokes the link: its token stops working. 404.</summary>
    Task<LinkView> Revoke();
}

public sealed record LinkSetup(string SurveyId, string? LocationId, string? LocationName, int Cap, string Token, DateTimeOffset CreatedAt);

public sealed record LinkView(string Id, string SurveyId, string? LocationId, string? LocationName, int Cap, int Accepted, bool Revoked, string Token, DateTimeOffset CreatedAt);

public sealed record PublicSurveyForm(string Title, string? Description, SurveyKind Kind, string? LocationName, IReadOnlyList<SurveyQuestion> Questions);

public sealed record PublicSubmission(string? RespondentToken, IReadOnlyList<AnswerInput?>? Answers, string? Channel, string? Touchpoint);

/// <param name="Replayed">True when this token had answered already: nothing new was stored.</param>
public sealed record SubmissionResult(string ResponseId, DateTimeOffset SubmittedAt, bool Replayed);
