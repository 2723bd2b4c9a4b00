using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Infrastructure;

public sealed class HealthOnPostgresAndRabbitMq(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task The_host_is_live_and_ready_with_PostgreSQL_and_RabbitMQ()
    {
        using var client = platform.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

public sealed class EmbeddedDefaults
{
    [Fact]
    public async Task With_no_configuration_the_host_runs_on_SQLite_and_the_in_memory_bus()
    {
        var folder = Directory.CreateTempSubdirectory("sv-host-");
        try
        {
            await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseContentRoot(folder.FullName)))
            {
                using var client = factory.CreateClient();
                var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            // The embedded store is a file under the content root's data folder.
            Assert.True(File.Exists(Path.Combine(folder.FullName, "data", "servicevision.db")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_host_configured_for_PostgreSQL_without_a_connection_string_refuses_to_start()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Storage:Provider", "PostgreSQL"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("ConnectionStrings:Postgres", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_whose_database_does_not_answer_fails_to_start_with_the_database_error()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", "PostgreSQL");
            b.UseSetting("ConnectionStrings:Postgres", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.True(error is NpgsqlException || error.InnerException is NpgsqlException || error.ToString().Contains("Npgsql", StringComparison.Ordinal), error.ToString());
    }
}
