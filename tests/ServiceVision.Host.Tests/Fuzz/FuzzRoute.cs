using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;

namespace ServiceVision.Host.Tests.Fuzz;

/// <summary>
/// One /api route as the host serves it, with what the fuzzer needs to know: its parameters, and
/// the type of its JSON body when it takes one (read from the handler's parameters).
/// </summary>
public sealed record FuzzRoute(string Method, string Template, bool AllowsAnonymous, Type? BodyType, bool Idempotent)
{
    public IReadOnlyList<string> Parameters { get; } =
        [.. Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0])];

    public override string ToString() => $"{Method} {Template}";

    public static IReadOnlyList<FuzzRoute> All(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new FuzzRoute(
                method,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                BodyTypeOf(e),
                e.Metadata.GetMetadata<IdempotentAttribute>() is not null)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal)];

    /// <summary>The body's type: the handler parameter the framework reads from JSON (it declares IAcceptsMetadata for it).</summary>
    private static Type? BodyTypeOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type })
        {
            return null;
        }

        return type;
    }

    /// <summary>The JSON properties of the body type (camelCase) and their CLR types.</summary>
    public IReadOnlyList<(string Name, Type Type)> BodyProperties =>
        BodyType is null
            ? []
            : [.. BodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead)
                .Select(p => (char.ToLowerInvariant(p.Name[0]) + p.Name[1..], p.PropertyType))];
}
