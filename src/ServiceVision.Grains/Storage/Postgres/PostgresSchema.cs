namespace ServiceVision.Grains.Storage.Postgres;

internal static class PostgresSchema
{
    public const string Default = "grains";

    /// <summary>Quotes a schema name for SQL text (identifiers cannot be parameters).</summary>
    public static string Quote(string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        return "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
