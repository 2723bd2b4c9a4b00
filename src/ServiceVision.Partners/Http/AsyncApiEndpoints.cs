using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Partners.AsyncApi;

namespace ServiceVision.Partners.Http;

public static class AsyncApiEndpoints
{
    private static readonly Lazy<string> document = new(AsyncApiDocument.ToJson);

    public static IEndpointRouteBuilder MapAsyncApiEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/partners/asyncapi.json", () => TypedResults.Text(document.Value, "application/json"))
            .WithTags("Partners")
            .WithSummary("The AsyncAPI 2.6 document of the messages partners receive and send (public: it holds no data).")
            .AllowAnonymous();
        return routes;
    }
}
