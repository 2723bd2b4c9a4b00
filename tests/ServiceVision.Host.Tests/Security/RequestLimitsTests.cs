using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Security;

public sealed class RequestLimitsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<int> DepartmentCountAsync(ApiSession owner) =>
        (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/departments", Cancel)).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_body_over_256_KB_is_refused_with_413_problem_and_nothing_is_created()
    {
        var owner = await platform.SignUpAsync();
        var before = await DepartmentCountAsync(owner);

        using var response = await owner.Client.PostAsJsonAsync("/api/v1/departments", new { name = new string('x', 300 * 1024) }, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await DepartmentCountAsync(owner));
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_cut_off_at_the_limit_too()
    {
        var owner = await platform.SignUpAsync();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 300 * 1024) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/departments") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await owner.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await DepartmentCountAsync(owner));
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read_and_judged_by_its_content()
    {
        var owner = await platform.SignUpAsync();

        using var response = await owner.Client.PostAsJsonAsync("/api/v1/departments", new { name = new string('x', 200 * 1024) }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Json_nested_deeper_than_32_levels_is_a_400_problem()
    {
        var owner = await platform.SignUpAsync();
        var deep = "{\"name\": " + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "}";

        using var response = await owner.Client.PostAsync(new Uri("/api/v1/departments", UriKind.Relative), new StringContent(deep, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await DepartmentCountAsync(owner));
    }
}
