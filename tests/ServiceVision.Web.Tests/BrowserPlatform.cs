using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The host on a real loopback port (Kestrel, PostgreSQL and RabbitMQ as <see cref="PlatformFactory"/>
/// sets them up) and Debian's Chromium driven by Playwright, headless. No `playwright install`: the
/// browser is /usr/bin/chromium (infra/local/browser.sh installs it). Playwright gives every launch a
/// fresh temporary profile (it refuses a --user-data-dir argument for that reason).
/// </summary>
public sealed class BrowserPlatform : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long an action or a page may take. Generous: CI runs several test projects at once on two
    /// cores, and a first request warms up grains, the database pool and Razor. A wait that times out
    /// fails with what the page showed (see <see cref="ExpectArrivalAsync"/>), not only "timeout".
    /// </summary>
    public const float ActionTimeout = 60_000;

    public const float NavigationTimeout = 120_000;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public PlatformFactory Platform { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>artifacts/screenshots in the checkout (test.sh keeps artifacts/).</summary>
    public static string ScreenshotFolder { get; } = FindScreenshotFolder();

    public async ValueTask InitializeAsync()
    {
        await Platform.InitializeAsync();
        Platform.UseKestrel(0);
        Platform.StartServer();
        var address = Platform.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies: one person) on the app, phone-sized or desktop.</summary>
    public async Task<IPage> NewPersonAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 812 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(ActionTimeout);
        context.SetDefaultNavigationTimeout(NavigationTimeout);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Waits until a form's submission arrived where it should: <paramref name="arrived"/> (an element
    /// of the next page, such as its heading) is visible at a path matching <paramref name="path"/>.
    /// Polls the page (Playwright's web-first assertions) instead of waiting for a navigation event, so
    /// a navigation that committed before the wait began is not missed, and it stops as soon as the
    /// form comes back with a refusal (a field or form message) rather than running into the timeout.
    /// On failure, the page's HTML and a screenshot go to artifacts/screenshots/failure-<paramref name="name"/>.*
    /// and the message says where the page was and what it said.
    /// </summary>
    public static async Task ExpectArrivalAsync(IPage page, string name, Regex path, ILocator arrived, float timeout = NavigationTimeout)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(arrived);
        var refused = page.Locator(".field-error, .form-errors");
        try
        {
            await Assertions.Expect(arrived.Or(refused).First).ToBeVisibleAsync(new() { Timeout = timeout });
        }
        catch (PlaywrightException e)
        {
            Assert.Fail(await DescribeFailureAsync(page, name, $"the page did not arrive within {timeout / 1000:0} s ({e.Message.Split('\n')[0]})"));
        }

        if (!path.IsMatch(new Uri(page.Url).AbsolutePath) || !await arrived.IsVisibleAsync())
        {
            Assert.Fail(await DescribeFailureAsync(page, name, $"expected a page at {path} showing {arrived}"));
        }
    }

    /// <summary>
    /// Saves the page's HTML and a screenshot as artifacts/screenshots/failure-<paramref name="name"/>.html|png and
    /// returns a message with <paramref name="what"/>, the current URL, the title and any visible error text.
    /// Never throws: a page that cannot be read is said so in the message.
    /// </summary>
    public static async Task<string> DescribeFailureAsync(IPage page, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var file = Path.Combine(ScreenshotFolder, "failure-" + string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-')));
        var lines = new List<string> { $"{name}: {what}.", $"Current URL: {page.Url}" };
        try
        {
            Directory.CreateDirectory(ScreenshotFolder);
            lines.Add($"Title: {await page.TitleAsync()}");
            var errors = await page.Locator(".field-error, .form-errors, [role=alert]").AllInnerTextsAsync();
            lines.Add(errors.Count == 0 ? "No error text on the page." : "Error text on the page: " + string.Join(" | ", errors.Select(e => e.Trim()).Distinct()));
            var heading = await page.Locator("h1").AllInnerTextsAsync();
            lines.Add("Headings: " + string.Join(" | ", heading));
            await File.WriteAllTextAsync(file + ".html", await page.ContentAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file + ".png", FullPage = true, Timeout = 15_000 });
            lines.Add($"Saved {file}.html and {file}.png.");
        }
        catch (PlaywrightException e)
        {
            lines.Add("The page could not be read: " + e.Message.Split('\n')[0]);
        }
        catch (IOException e)
        {
            lines.Add("The page could not be saved: " + e.Message);
        }

        return string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Platform.DisposeAsync();
    }

    private static string FindScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceVision.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
    }
}
