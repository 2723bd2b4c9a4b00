using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class PostgresOutboxStorageTests(PostgresDatabaseFixture database) : OutboxStorageContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override StoreUnderTest Connect(string location) => database.Connect(location);

    protected override StoreUnderTest ConnectAnotherHost(TimeSpan lease) => database.Connect(Location, lease);
}
