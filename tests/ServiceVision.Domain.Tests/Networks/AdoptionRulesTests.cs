using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class AdoptionRulesTests
{
    private static readonly VisionDocument Version1 = new("Every guest leaves smiling.",
    [
        new("p-personal", VisionItemKind.Pillar, null, "Personal touch", 0),
        new("s-phone", VisionItemKind.Standard, null, "Answer within three rings", 1),
        new("n-job", VisionItemKind.Never, null, "Say that's not my job", 2),
    ]);

    private static readonly VisionDocument Version2 = new("Every guest leaves smiling.",
    [
        new("p-personal", VisionItemKind.Pillar, null, "A personal touch", 0),
        new("s-phone", VisionItemKind.Standard, null, "Answer within three rings", 1),
        new("a-thanks", VisionItemKind.Always, null, "Thank the guest", 3),
    ]);

    [Theory]
    [InlineData(null, null, AdoptionStatus.NotOffered)]
    [InlineData(1, null, AdoptionStatus.Pending)]
    [InlineData(2, 1, AdoptionStatus.Pending)]
    [InlineData(2, 2, AdoptionStatus.Adopted)]
    public void The_status_follows_from_the_offered_and_adopted_versions(int? offered, int? adopted, AdoptionStatus expected) =>
        Assert.Equal(expected, AdoptionRules.StatusOf(offered, adopted));

    [Theory]
    [InlineData(null, 1, true)]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, false)]
    [InlineData(3, 2, false)]
    [InlineData(null, 0, false)]
    public void Only_a_newer_version_is_a_new_offer(int? offered, int version, bool expected) =>
        Assert.Equal(expected, AdoptionRules.IsNewOffer(offered, version));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_missing_or_non_positive_version_is_refused_on_version(int? version) =>
        Assert.Equal(["version"], AdoptionRules.ValidateVersion(version).Select(e => e.Field));

    [Fact]
    public void A_positive_version_is_valid() => Assert.Empty(AdoptionRules.ValidateVersion(1));

    [Theory]
    [InlineData(1, null, null, AdoptionDecision.NothingOffered)]
    [InlineData(1, 2, 1, AdoptionDecision.NotLatest)]
    [InlineData(3, 2, 1, AdoptionDecision.NotLatest)]
    [InlineData(2, 2, 1, AdoptionDecision.Adopt)]
    [InlineData(1, 1, null, AdoptionDecision.Adopt)]
    [InlineData(2, 2, 2, AdoptionDecision.AlreadyAdopted)]
    public void Only_the_latest_offered_version_is_adopted_and_adopting_it_twice_changes_nothing(int version, int? offered, int? adopted, AdoptionDecision expected) =>
        Assert.Equal(expected, AdoptionRules.Decide(version, offered, adopted));

    [Fact]
    public void The_changes_since_the_adopted_version_are_the_diff_of_adopted_against_offered()
    {
        var changes = AdoptionRules.ChangesSinceAdopted(2, Version2, 1, Version1);

        Assert.NotNull(changes);
        Assert.Equal(["a-thanks"], changes.Added.Select(i => i.Id));
        var changed = Assert.Single(changes.Changed);
        Assert.Equal("p-personal", changed.Id);
        Assert.Equal(VisionItemFields.Text, changed.Fields);
        Assert.Equal(["n-job"], changes.Removed.Select(i => i.Id));
        Assert.False(changes.StatementChanged);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 2)]
    [InlineData(null, null)]
    public void There_are_no_changes_to_show_before_a_first_adoption_or_when_the_offered_version_is_adopted(int? offered, int? adopted)
    {
        Assert.False(AdoptionRules.HasChangesSinceAdopted(offered, adopted));
        Assert.Null(AdoptionRules.ChangesSinceAdopted(offered, Version2, adopted, Version1));
    }
}
