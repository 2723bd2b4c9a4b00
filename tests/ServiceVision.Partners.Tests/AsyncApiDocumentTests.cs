using System.Text.Json;
using ServiceVision.Partners.AsyncApi;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>The AsyncAPI document: generated from the records, checked in, served.</summary>
public sealed class AsyncApiDocumentTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static string CheckedInPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "ServiceVision.sln")))
        {
            directory = directory.Parent;
        }

        return System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("ServiceVision.sln not found above the test binaries."), "docs", "partners", "asyncapi.json");
    }

    [Fact]
    public void The_checked_in_document_is_the_generated_one()
    {
        var path = CheckedInPath();
        var generated = AsyncApiDocument.ToJson();
        var checkedIn = File.Exists(path) ? File.ReadAllText(path) : "";
        if (checkedIn != generated)
        {
            // Writes the fresh document so the fix is to look at the diff and commit it.
            File.WriteAllText(path, generated);
            Assert.Fail($"{path} was stale and has been regenerated: review and commit it.");
        }
    }

    [Fact]
    public void Every_message_schema_describes_its_data_with_types_lists_nested_records_and_nullability()
    {
        var document = JsonDocument.Parse(AsyncApiDocument.ToJson()).RootElement;
        Assert.Equal("2.6.0", document.GetProperty("asyncapi").GetString());
        var messages = document.GetProperty("components").GetProperty("messages");
        Assert.Equal(12, messages.EnumerateObject().Count());

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var vision = schemas.GetProperty("VisionPublished").GetProperty("properties");
        Assert.Equal("integer", vision.GetProperty("versionNumber").GetProperty("type").GetString());
        Assert.Equal("date-time", vision.GetProperty("publishedAt").GetProperty("format").GetString());
        Assert.Equal("#/components/schemas/VisionItem", vision.GetProperty("items").GetProperty("items").GetProperty("$ref").GetString());
        var parentId = schemas.GetProperty("VisionItem").GetProperty("properties").GetProperty("parentId").GetProperty("type");
        Assert.Equal(["string", "null"], parentId.EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["number", "null"], schemas.GetProperty("SurveyGroupScore").GetProperty("properties").GetProperty("nps").GetProperty("type").EnumerateArray().Select(t => t.GetString()));

        var hired = schemas.GetProperty("MemberHiredV1");
        Assert.Equal(["email", "name", "role"], hired.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("string", hired.GetProperty("properties").GetProperty("email").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_document_is_served_to_anyone()
    {
        using var client = platform.CreateClient();
        var served = await client.GetStringAsync(new Uri("/api/v1/partners/asyncapi.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(AsyncApiDocument.ToJson(), served);
    }
}
