using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The survey, celebration and plan pages in Chromium on a 375 px phone, with some data in them: no
/// horizontal scrolling, and a screenshot of each in artifacts/screenshots.
/// </summary>
public sealed partial class PagesOnAPhoneTests(BrowserPlatform browser) : IClassFixture<BrowserPlatform>
{
    private const int PhoneWidth = 375;
    private static readonly string[] Channels = ["Email", "Intranet"];

    [Fact]
    public async Task The_survey_celebration_and_plan_pages_fit_a_phone_screen()
    {
        var slug = "phone-" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPersonAsync(phone: true);
        await page.GotoAsync("/app/sign-up");
        await page.GetByLabel("Organization name").FillAsync("Harbour Hotel");
        await page.GetByLabel("Short name for addresses").FillAsync(slug);
        await page.GetByLabel("Your name").FillAsync("Olivia Owner");
        await page.GetByLabel("Your e-mail address").FillAsync($"{slug}@example.com");
        await page.GetByLabel("Password").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(page, "phone-sign-up", HomePath(), page.GetByRole(AriaRole.Heading, new() { Name = "Harbour Hotel", Exact = true }));

        // Data through the API with the page's own session, so the pages have something to lay out.
        var api = page.APIRequest;
        await SendAsync(api, "POST", "/api/v1/departments", new { name = "Kitchen and restaurant" });
        await SendAsync(api, "POST", "/api/v1/locations", new { name = "Harbour branch on the long quay" });
        var rule = await api.GetAsync("/api/v1/vision/publish-rule");
        await SendAsync(api, "PUT", "/api/v1/vision/publish-rule", new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true }, rule.Headers["etag"]);
        var draft = await SendAsync(api, "POST", "/api/v1/vision/drafts", new { statement = "We make every guest feel at home.", items = new object[] { new { kind = "Pillar", text = "Personal touch", order = 0 } } });
        await SendAsync(api, "POST", $"/api/v1/vision/drafts/{draft.GetProperty("id").GetString()}/publish", null);
        var survey = await SendAsync(api, "POST", "/api/v1/surveys", new { kind = "CustomerFeedback", title = "Guest feedback after check-out" });
        await SendAsync(api, "POST", "/api/v1/celebrations", new { title = "Harbour heroes of the month", at = DateTimeOffset.UtcNow.AddDays(5) });
        await SendAsync(api, "POST", "/api/v1/announcements", new { title = "Our vision", message = "Read it, live it, every customer, every time.", channels = Channels, audience = new { kind = "Everyone" } });

        // A public link, made on the page: its long address has to wrap.
        var surveyPage = "/app/surveys/" + survey.GetProperty("id").GetString();
        await page.GotoAsync(surveyPage);
        await page.GetByLabel("Location").SelectOptionAsync(new SelectOptionValue { Label = "Harbour branch on the long quay" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(page, "phone-survey-link", SurveyPath(), page.GetByText("Public link for Harbour branch on the long quay created."));

        foreach (var (url, name) in new[]
        {
            ("/app/surveys/new", "20-survey-builder-phone"),
            (surveyPage, "21-survey-links-phone"),
            ("/app/celebrations", "22-celebrations-phone"),
            ("/app/announcements", "23-announcements-phone"),
            ("/app/huddles", "24-huddles-phone"),
            ("/app/alignment", "25-alignment-phone"),
            ("/app/empowerment", "26-empowerment-phone"),
            ("/app/recognition", "27-recognition-phone"),
        })
        {
            var response = await page.GotoAsync(url);
            if (response!.Status != 200)
            {
                Assert.Fail(await BrowserPlatform.DescribeFailureAsync(page, name, $"{url} answered {response.Status}"));
            }

            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > PhoneWidth)
            {
                Assert.Fail(await BrowserPlatform.DescribeFailureAsync(page, name, $"{url} is {width} px wide on a {PhoneWidth} px screen"));
            }

            await BrowserPlatform.ScreenshotAsync(page, name);
        }
    }

    private static async Task<JsonElement> SendAsync(IAPIRequestContext api, string method, string url, object? body, string? ifMatch = null)
    {
        var options = new APIRequestContextOptions { Method = method, DataObject = body };
        if (ifMatch is not null)
        {
            options.Headers = new Dictionary<string, string> { ["If-Match"] = ifMatch };
        }

        var response = await api.FetchAsync(url, options);
        Assert.True(response.Ok, $"{method} {url}: {response.Status} {await response.TextAsync()}");
        return await response.JsonAsync() ?? default;
    }

    [GeneratedRegex("^/app$")]
    private static partial Regex HomePath();

    [GeneratedRegex("^/app/surveys/[^/]+$")]
    private static partial Regex SurveyPath();
}
