using System.Buffers;

namespace ServiceVision.Organizations;

/// <summary>Rollout ids and the keys of the grains that hold rollouts.</summary>
public static class RolloutKeys
{
    public const string IdPrefix = "rol";

    private static readonly SearchValues<char> hexDigits = SearchValues.Create("0123456789abcdef");

    public static string NewId() => Ids.New(IdPrefix);

    /// <summary>The organization's rollouts grain.</summary>
    public static string Rollouts(string organizationId) => organizationId + "/rollouts";

    /// <summary>The progress grain of one rollout.</summary>
    public static string Progress(string organizationId, string rolloutId) => organizationId + "/rollouts/" + rolloutId;

    /// <summary>Shard <paramref name="index"/> of the progress of one rollout (its members; see RolloutShards).</summary>
    public static string ProgressShard(string organizationId, string rolloutId, int index) =>
        Progress(organizationId, rolloutId) + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="rolloutId"/> has the shape of an id we issue ("rol_" and 32 hex digits), so a
    /// made-up id in a message never activates a grain.
    /// </summary>
    public static bool IsWellFormed(string? rolloutId) =>
        rolloutId is { Length: 36 } && rolloutId.StartsWith(IdPrefix + "_", StringComparison.Ordinal) && !rolloutId.AsSpan(4).ContainsAnyExcept(hexDigits);
}
