using Microsoft.Playwright;

namespace ServiceVision.Web.Tests;

/// <summary>No page shows another organization's data, in a real browser with two organizations signed in.</summary>
public sealed class TenantBrowserTests(BrowserPlatform browser) : IClassFixture<BrowserPlatform>
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_member_of_another_organization_gets_not_found_for_its_pages_and_sees_only_their_own_data()
    {
        var a = await SignUpAsync("Alpha Inn");
        await a.GotoAsync("/app/vision/drafts");
        await a.GetByLabel("Vision statement").FillAsync("Alpha's secret vision words.");
        await a.GetByRole(AriaRole.Button, new() { Name = "Start draft" }).ClickAsync();
        await a.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app/vision/drafts/[^/?]+$"));
        var draftUrl = new Uri(a.Url).AbsolutePath;

        var b = await SignUpAsync("Beta Lodge");
        var response = await b.GotoAsync(draftUrl);
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("Alpha's secret vision words.", await b.ContentAsync(), StringComparison.Ordinal);

        foreach (var url in new[] { "/app", "/app/vision/drafts", "/app/members", "/app/vision", "/app/vision/versions", "/app/rollouts", "/app/training", "/app/recognition", "/app/journeys", "/app/surveys", "/app/hiring" })
        {
            var page = await b.GotoAsync(url);
            Assert.Equal(200, page!.Status);
            var html = await b.ContentAsync();
            Assert.DoesNotContain("Alpha", html, StringComparison.Ordinal);
        }

        await BrowserPlatform.ScreenshotAsync(b, "10-other-tenant-drafts");
    }

    private async Task<IPage> SignUpAsync(string name)
    {
        var slug = "t-" + Guid.NewGuid().ToString("N")[..10];
        var page = await browser.NewPersonAsync();
        await page.GotoAsync("/app/sign-up");
        await page.GetByLabel("Organization name").FillAsync(name);
        await page.GetByLabel("Short name for addresses").FillAsync(slug);
        await page.GetByLabel("Your name").FillAsync(name + " Owner");
        await page.GetByLabel("Your e-mail address").FillAsync($"{slug}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await page.WaitForURLAsync("**/app");
        return page;
    }
}
