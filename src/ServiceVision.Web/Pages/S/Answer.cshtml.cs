using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Surveys;
using ServiceVision.Surveys;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Answering;

namespace ServiceVision.Web.Pages.S;

/// <summary>
/// A customer answers a public survey link without signing in (/app/s/{linkToken}): the same
/// <see cref="PublicSurveyAnswering"/> as GET/POST /api/v1/public/surveys/{linkToken}, so the link's
/// cap, its survey being open and the answer rules are the API's; the same rate-limit policy and
/// partition (client address and link). The respondent token the API asks for is a random value kept
/// in a cookie, so one browser answers a link once per round; a second answer is not counted.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SurveysModule.PublicRateLimitPolicy)]
public sealed partial class AnswerModel(PublicSurveyAnswering answering) : PageModel
{
    /// <summary>The cookie holding the browser's respondent token (only ever sent to /app/s).</summary>
    public const string RespondentCookie = "sv_respondent";

    [BindProperty(SupportsGet = true)]
    public string LinkToken { get; set; } = "";

    /// <summary>Where the customer was served, given by the link's address (?touchpoint=Checkout on a receipt's QR code) or typed in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Touchpoint { get; set; }

    /// <summary>How the customer was served (?channel=InStore), from the link's address.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    /// <summary>True when the link's address carried the touchpoint, so the customer is not asked for it.</summary>
    public bool TouchpointGiven { get; private set; }

    public PublicSurveyForm? Form { get; private set; }

    /// <summary>Why the form cannot be shown (unknown link, survey not open), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>What the customer sent, by question id, to fill the form again after a refusal.</summary>
    public IReadOnlyDictionary<string, string[]> Sent { get; private set; } = new Dictionary<string, string[]>();

    public static string FieldName(SurveyQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return "q-" + question.Id;
    }

    public bool IsSent(SurveyQuestion question, string value) =>
        Sent.TryGetValue(question.Id, out var values) && values.Contains(value, StringComparer.Ordinal);

    public string SentText(SurveyQuestion question) =>
        Sent.TryGetValue(question.Id, out var values) ? string.Join("", values) : "";

    public async Task<IActionResult> OnGetAsync()
    {
        TouchpointGiven = !string.IsNullOrWhiteSpace(Touchpoint);
        if (!await LoadAsync())
        {
            return Page();
        }

        RespondentToken();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        TouchpointGiven = Request.Form.ContainsKey("TouchpointGiven");
        if (!await LoadAsync())
        {
            return Page();
        }

        var questions = Form!.Questions;
        var sent = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var answers = new List<AnswerInput?>();
        var answered = new List<SurveyQuestion>();
        foreach (var question in questions)
        {
            var values = Request.Form[FieldName(question)].OfType<string>().Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
            sent[question.Id] = values;
            if (values.Length == 0)
            {
                continue;
            }

            // What the form cannot read (a scale value that is not a number) goes on as no value, so the refusal is the API's.
            answers.Add(question.Type switch
            {
                QuestionType.Scale => new AnswerInput(question.Id, int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null, null, null),
                QuestionType.SingleChoice or QuestionType.MultipleChoice => new AnswerInput(question.Id, null, values, null),
                _ => new AnswerInput(question.Id, null, null, values[0]),
            });
            answered.Add(question);
        }

        Sent = sent;
        var submission = new PublicSubmission(RespondentToken(), answers, TextRules.TrimToNull(Channel), TextRules.TrimToNull(Touchpoint));
        try
        {
            var result = await answering.SubmitAsync(LinkToken, submission, HttpContext.RequestAborted);
            return Redirect($"/app/s/{Uri.EscapeDataString(LinkToken)}/thanks{(result.Replayed ? "?again=true" : "")}");
        }
        catch (NotFoundException)
        {
            return Gone();
        }
        catch (ValidationFailedException refusal)
        {
            foreach (var error in refusal.Errors)
            {
                AddError(error, questions, answered);
            }
        }
        catch (ConflictException refusal)
        {
            ModelState.AddModelError(string.Empty, refusal.Message);
        }

        return Page();
    }

    /// <summary>Puts an error of the API next to the question it concerns: answers[i] is the i-th answered question; "answers" is a required one left out.</summary>
    private void AddError(ValidationError error, IReadOnlyList<SurveyQuestion> questions, List<SurveyQuestion> answered)
    {
        if (error.Field == "answers")
        {
            var missing = questions.Where(q => q.Required && !answered.Contains(q)).ToList();
            foreach (var question in missing)
            {
                ModelState.AddModelError(FieldName(question), "Please answer this question.");
            }

            ModelState.AddModelError(string.Empty, missing.Count > 0 ? "Some required questions have no answer yet; they are marked below." : error.Message);
            return;
        }

        var match = AnswerIndex().Match(error.Field);
        if (match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var index && index < answered.Count)
        {
            ModelState.AddModelError(FieldName(answered[index]), error.Message);
            return;
        }

        // The touchpoint shows next to its field when the customer typed it; anything else (a channel from the link's address) above the form.
        ModelState.AddModelError(error.Field == "touchpoint" && !TouchpointGiven ? "touchpoint" : string.Empty, error.Message);
    }

    /// <summary>The survey's questions; false (and the page says why) when the link is unknown, revoked or its survey not open.</summary>
    private async Task<bool> LoadAsync()
    {
        try
        {
            Form = await answering.GetFormAsync(LinkToken, HttpContext.RequestAborted);
            return true;
        }
        catch (NotFoundException)
        {
            Gone();
            return false;
        }
        catch (ConflictException refusal)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            Unavailable = refusal.Message;
            return false;
        }
    }

    private PageResult Gone()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Form = null;
        Unavailable = "This survey link does not exist or is no longer in use.";
        return Page();
    }

    /// <summary>The browser's respondent token: the cookie's when it is one, otherwise a new random one (set on the response).</summary>
    private string RespondentToken()
    {
        if (Request.Cookies[RespondentCookie] is { Length: >= 32 and <= 64 } existing && existing.All(char.IsAsciiHexDigit))
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Response.Cookies.Append(RespondentCookie, token, new CookieOptions
        {
            Path = "/app/s",
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
        return token;
    }

    [GeneratedRegex(@"^answers\[(\d+)\]")]
    private static partial Regex AnswerIndex();
}
