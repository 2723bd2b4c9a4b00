using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Isolation;

/// <summary>One route of the HTTP API as the host really serves it.</summary>
public sealed record ApiRoute(string Method, string Template, string? Policy, bool AllowsAnonymous)
{
    public IReadOnlyList<string> Parameters { get; } =
        [.. Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0])];

    public override string ToString() => $"{Method} {Template}";

    /// <summary>Every /api route of the host, read from its endpoint data source (so a new route cannot be forgotten).</summary>
    public static IReadOnlyList<ApiRoute> All(PlatformFactory platform) =>
        [.. platform.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new ApiRoute(
                method,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal)];

    public Domain.Members.MemberRole? RequiredRole => Policy is null ? null : Policies.RoleOf(Policy);
}
