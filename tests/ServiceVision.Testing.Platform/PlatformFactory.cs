using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ServiceVision.Testing;

/// <summary>
/// The host as production runs it: PostgreSQL and RabbitMQ, each test class with a database and a
/// virtual host of its own on the servers ./test.sh started.
/// </summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private PostgresTestDatabase? database;
    private RabbitMqTestVirtualHost? broker;

    /// <summary>The AMQP address of this factory's virtual host, for tests that listen on the broker themselves.</summary>
    public Uri BrokerUri => broker?.AmqpUri ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        broker = await RabbitMqTestVirtualHost.CreateAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", "PostgreSQL");
        builder.UseSetting("ConnectionStrings:Postgres", database!.ConnectionString);
        builder.UseSetting("Bus:Transport", "RabbitMQ");
        builder.UseSetting("ConnectionStrings:RabbitMQ", broker!.AmqpUri.ToString());
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLogFile()));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
