using ServiceVision.Contracts.Organizations.V1;

namespace ServiceVision.Training.Tests;

/// <summary>Published visions for tests that drive the training service without the organizations service.</summary>
internal static class TestVisions
{
    /// <summary>
    /// A small vision (a pillar, its sub-pillar, a standard). Version 1 adds every item; a later version
    /// rewords the standard and names <paramref name="changed"/> as what changed.
    /// </summary>
    public static VisionPublished Published(string organization, int version = 1, IReadOnlyList<string>? changed = null) => new(
        organization,
        version,
        DateTimeOffset.UtcNow,
        "mem_publisher",
        "We greet every guest by name within a minute.",
        [
            new VisionItem("p1", "Pillar", null, "Personal touch", 0),
            new VisionItem("sp1", "SubPillar", "p1", "Use the guest's name", 0),
            new VisionItem("s1", "Standard", null, version == 1 ? "Answer the phone within three rings" : $"Answer the phone within {version} rings", 0),
        ],
        version == 1 ? ["p1", "sp1", "s1"] : [],
        changed ?? [],
        []);
}
