using System.Net;
using System.Text.RegularExpressions;

namespace ServiceVision.Web.Tests;

/// <summary>Pages over HTTP as a browser without script uses them: GET the form, POST it back with its anti-forgery token.</summary>
public static partial class WebForms
{
    public static async Task<string> GetHtmlAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    /// <summary>The anti-forgery token of the first form on <paramref name="html"/>.</summary>
    public static string TokenOf(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "The page has no anti-forgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>GETs <paramref name="formPage"/> for its token, then POSTs <paramref name="fields"/> to <paramref name="action"/> (the same page by default).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string formPage, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = TokenOf(await client.GetHtmlAsync(formPage));
        return await client.PostFormAsync(action ?? formPage, [.. fields, new("__RequestVerificationToken", token)]);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    /// <summary>The message shown next to <paramref name="field"/> (by the id the page gives it), or null.</summary>
    public static string? FieldError(string html, string field)
    {
        var id = "err-" + new string([.. field.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        var match = Regex.Match(html, "<span class=\"field-error\" id=\"" + Regex.Escape(id) + "\"[^>]*>([^<]*)</span>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static IReadOnlyList<string> NavLinks(string html)
    {
        var nav = NavBlock().Match(html);
        Assert.True(nav.Success, "The page has no main navigation.");
        return [.. Href().Matches(nav.Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<nav class=\"site\" aria-label=\"Main\">.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex NavBlock();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
