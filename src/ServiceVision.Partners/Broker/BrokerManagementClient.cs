using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ServiceVision.Partners.Broker;

/// <summary>
/// The RabbitMQ management HTTP API (a typed HttpClient): partner users and their permissions.
/// Address and credentials come from Partners:Management or ConnectionStrings:RabbitMQManagement,
/// as http(s)://user:password@host:port/.
/// </summary>
public sealed class BrokerManagementClient
{
    private readonly HttpClient http;

    public BrokerManagementClient(HttpClient http, IOptions<PartnersOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        var address = options.Value.Management is { Length: > 0 } configured ? configured : configuration.GetConnectionString("RabbitMQManagement");
        if (address is { Length: > 0 } && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            http.BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            if (uri.UserInfo.Length > 0)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
            }

            IsConfigured = true;
        }
    }

    public bool IsConfigured { get; }

    /// <summary>Creates the user or sets its password (PUT is idempotent); no tags, so it cannot use the management UI.</summary>
    public Task PutUserAsync(string user, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"api/users/{Uri.EscapeDataString(user)}", new { password, tags = "" }, cancellationToken);

    /// <summary>Sets the user's permissions in <paramref name="virtualHost"/>: regular expressions over resource names.</summary>
    public Task PutPermissionsAsync(string virtualHost, string user, string configure, string write, string read, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(user)}", new { configure, write, read }, cancellationToken);

    /// <summary>Deletes the user (its permissions go with it, and the broker closes its connections); an absent user is fine.</summary>
    public Task DeleteUserAsync(string user, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/users/{Uri.EscapeDataString(user)}", null, cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new BrokerUnavailableException("The broker's management API is not configured (Partners:Management).");
        }

        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new BrokerUnavailableException($"The broker's management API did not answer: {error.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException($"The broker's management API did not answer {method} {path} in time.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode && !(method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
            {
                throw new BrokerUnavailableException($"The broker's management API answered {(int)response.StatusCode} to {method} {path}.");
            }
        }
    }
}
