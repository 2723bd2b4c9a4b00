using Microsoft.AspNetCore.Http;
using ServiceVision.Api;
using ServiceVision.Grains.Storage.Sqlite;

namespace ServiceVision.Host.Tests;

/// <summary>What a client retrying with the same Idempotency-Key sees after its first attempt failed.</summary>
public sealed class IdempotencyMiddlewareTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"sv-idempotency-{Guid.NewGuid():N}.db");
    private readonly SqliteStore store;

    public IdempotencyMiddlewareTests() => store = new SqliteStore($"Data Source={path}");

    [Fact]
    public async Task A_retry_after_a_request_that_crashed_runs_at_once_instead_of_being_told_it_is_in_progress()
    {
        await new SqliteStorageInitializer(store).InitializeAsync(TestContext.Current.CancellationToken);
        var storage = new SqliteGrainStorage(store);
        var runs = 0;

        var crashing = new IdempotencyMiddleware(_ => { runs++; throw new InvalidOperationException("the store went away"); }, storage, TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => crashing.InvokeAsync(Request()));

        var working = new IdempotencyMiddleware(context => { runs++; context.Response.StatusCode = StatusCodes.Status201Created; return Task.CompletedTask; }, storage, TimeProvider.System);
        var retry = Request();
        await working.InvokeAsync(retry);

        Assert.Equal(StatusCodes.Status201Created, retry.Response.StatusCode);
        Assert.Equal(2, runs);
    }

    public void Dispose()
    {
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    private static DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/v1/things";
        context.Request.Headers[IdempotencyMiddleware.Header] = "retry-me";
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new IdempotentAttribute()), "a create"));
        return context;
    }
}
