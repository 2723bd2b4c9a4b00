using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>Reactions and comments on the recognition feed page.</summary>
public sealed class RecognitionFeedPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_member_reacts_to_a_recognition_and_a_second_press_takes_the_reaction_back()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", name: "Emil Employee");
        var recognitionId = await CelebrationPagesTests.RecognizeAsync(platform, owner, employee, "Found a lost passport.");

        var reacted = await employee.Client.SubmitAsync("/app/recognition", Fields(("RecognitionId", recognitionId), ("Kind", "Heart")), action: "/app/recognition?handler=react");

        Assert.Contains("aria-pressed=\"true\">Heart 1</button>", await reacted.HtmlAsync(), StringComparison.Ordinal);
        var heart = (await owner.GetJsonAsync("/api/v1/recognitions/" + recognitionId)).GetProperty("reactions").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "Heart");
        Assert.Equal(1, heart.GetProperty("count").GetInt32());

        var undone = await employee.Client.SubmitAsync("/app/recognition", Fields(("RecognitionId", recognitionId), ("Kind", "Heart")), action: "/app/recognition?handler=react");
        Assert.Contains("aria-pressed=\"false\">Heart 0</button>", await undone.HtmlAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await owner.GetJsonAsync("/api/v1/recognitions/" + recognitionId)).GetProperty("reactions").EnumerateArray(), r => r.GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task A_member_comments_on_a_recognition_and_the_comment_is_listed_under_it()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", name: "Emil Employee");
        var recognitionId = await CelebrationPagesTests.RecognizeAsync(platform, owner, employee, "Found a lost passport.");

        var response = await employee.Client.SubmitAsync("/app/recognition", Fields(("RecognitionId", recognitionId), ("CommentText", "Thank you, that was fun!")), action: "/app/recognition?handler=comment");

        var html = await response.HtmlAsync();
        Assert.Contains("Comments (1)", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Emil Employee</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Thank you, that was fun!", html, StringComparison.Ordinal);
        var comments = await owner.GetJsonAsync($"/api/v1/recognitions/{recognitionId}/comments");
        Assert.Equal("Thank you, that was fun!", comments.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_empty_comment_or_an_unknown_reaction_is_refused_next_to_its_recognition_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var recognitionId = await CelebrationPagesTests.RecognizeAsync(platform, owner, employee, "Found a lost passport.");

        var comment = await employee.Client.SubmitAsync("/app/recognition", Fields(("RecognitionId", recognitionId), ("CommentText", "  ")), action: "/app/recognition?handler=comment");
        var html = await comment.HtmlAsync();
        var card = html[html.IndexOf($"id=\"r-{recognitionId}\"", StringComparison.Ordinal)..];
        Assert.NotNull(WebForms.FieldError(card, "text"));
        Assert.Null(WebForms.FieldError(html, "memberId"));

        var reaction = await employee.Client.SubmitAsync("/app/recognition", Fields(("RecognitionId", recognitionId), ("Kind", "Thumbs")), action: "/app/recognition?handler=react");
        Assert.NotNull(WebForms.FieldError(await reaction.HtmlAsync(), "kind"));

        var recognition = await owner.GetJsonAsync("/api/v1/recognitions/" + recognitionId);
        Assert.Equal(0, recognition.GetProperty("commentCount").GetInt32());
        Assert.DoesNotContain(recognition.GetProperty("reactions").EnumerateArray(), r => r.GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task A_reaction_without_its_anti_forgery_token_is_refused_and_another_organizations_recognition_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var recognitionId = await CelebrationPagesTests.RecognizeAsync(platform, owner, employee, "Found a lost passport.");
        var other = await platform.SignUpAsync();

        var withoutToken = await employee.Client.PostFormAsync("/app/recognition?handler=react", Fields(("RecognitionId", recognitionId), ("Kind", "Star")));
        var foreign = await other.Client.PostFormAsync("/app/recognition?handler=comment", Fields(("RecognitionId", recognitionId), ("CommentText", "Hello from elsewhere"), ("__RequestVerificationToken", await other.Client.TokenAsync())));

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var recognition = await owner.GetJsonAsync("/api/v1/recognitions/" + recognitionId);
        Assert.Equal(0, recognition.GetProperty("commentCount").GetInt32());
        Assert.DoesNotContain(recognition.GetProperty("reactions").EnumerateArray(), r => r.GetProperty("count").GetInt32() > 0);
    }
}
