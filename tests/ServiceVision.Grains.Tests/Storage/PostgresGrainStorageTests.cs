using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture database) : GrainStorageContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override StoreUnderTest Connect(string location) => database.Connect(location);
}
