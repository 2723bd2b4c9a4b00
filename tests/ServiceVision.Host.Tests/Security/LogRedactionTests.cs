using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Security;

/// <summary>Passwords, tokens, API keys, invitation secrets and e-mail addresses never reach the logs.</summary>
public sealed class LogRedactionTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_up_sign_in_invitations_and_api_keys_leave_no_secret_or_address_in_any_log_line()
    {
        var logs = new CapturingLoggerProvider();
        var host = platform.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));
        var ownerEmail = $"log-owner-{Guid.NewGuid():N}@example.com";
        var inviteeEmail = $"log-invitee-{Guid.NewGuid():N}@example.com";
        const string ownerPassword = "owner secret password 42";
        const string inviteePassword = "invitee secret password 43";
        const string wrongPassword = "a wrong password for the log test";

        using var owner = host.CreateClient();
        await ExpectAsync(await owner.PostAsJsonAsync("/api/v1/signup", new { organizationName = "Quiet Logs", slug = "logs-" + Guid.NewGuid().ToString("N")[..10], ownerName = "Olivia", email = ownerEmail, password = ownerPassword }, Cancel), HttpStatusCode.Created);
        using var other = host.CreateClient();
        await ExpectAsync(await other.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = ownerEmail, password = wrongPassword }, Cancel), HttpStatusCode.Unauthorized);
        await ExpectAsync(await other.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = ownerEmail, password = ownerPassword }, Cancel), HttpStatusCode.OK);

        var invitation = await ExpectAsync(await owner.PostAsJsonAsync("/api/v1/invitations", new { email = inviteeEmail, name = "Ivan", role = "Employee" }, Cancel), HttpStatusCode.Created);
        var invitationToken = invitation.GetProperty("token").GetString()!;
        using var invitee = host.CreateClient();
        await ExpectAsync(await invitee.PostAsJsonAsync("/api/v1/invitations/accept", new { token = invitationToken, password = inviteePassword }, Cancel), HttpStatusCode.OK);

        var key = await ExpectAsync(await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Sync", role = "Leader" }, Cancel), HttpStatusCode.Created);
        var apiKey = key.GetProperty("token").GetString()!;
        using var program = host.CreateClient();
        program.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        await ExpectAsync(await program.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel), HttpStatusCode.OK);
        using var forged = host.CreateClient();
        forged.DefaultRequestHeaders.Add("X-Api-Key", apiKey[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);

        string[] secrets = [ownerEmail, inviteeEmail, ownerPassword, inviteePassword, wrongPassword, invitationToken, apiKey, apiKey.Split('.')[2], invitationToken.Split('.')[^1]];
        var lines = logs.Lines.ToList();
        var leaks = lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.True(lines.Count > 10, $"only {lines.Count} log lines were captured: the capture does not work");
        Assert.Empty(leaks);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ApiSessions.EnsureAsync(response, expected);
        return response.StatusCode == HttpStatusCode.Unauthorized ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }
    }
}
