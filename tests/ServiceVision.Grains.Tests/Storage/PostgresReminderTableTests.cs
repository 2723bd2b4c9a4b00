using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class PostgresReminderTableTests(PostgresDatabaseFixture database) : ReminderTableContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override StoreUnderTest Connect(string location) => database.Connect(location);
}
