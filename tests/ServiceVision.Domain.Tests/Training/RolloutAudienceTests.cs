using ServiceVision.Domain.Members;
using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutAudienceTests
{
    private static readonly RolloutCandidate[] Members =
    [
        new("mem_ana", "dep_front", MemberRole.Employee, "loc_north"),
        new("mem_ben", "dep_kitchen", MemberRole.Employee, "loc_south"),
        new("mem_cleo", "dep_front", MemberRole.Leader, "loc_north"),
        new("mem_dev", null, MemberRole.Owner),
    ];

    private static readonly HashSet<string> Departments = ["dep_front", "dep_kitchen", "dep_empty"];

    private static readonly HashSet<string> Locations = ["loc_north", "loc_south", "loc_empty"];

    private static RolloutAudienceResolution Resolve(RolloutAudienceKind kind, params string[] ids) =>
        RolloutAudience.Resolve(kind, ids, Members, Departments, Locations);

    [Fact]
    public void Everyone_is_every_active_member_in_member_order() =>
        Assert.Equal(["mem_ana", "mem_ben", "mem_cleo", "mem_dev"], Resolve(RolloutAudienceKind.Everyone).MemberIds);

    [Fact]
    public void Departments_are_their_members() =>
        Assert.Equal(["mem_ana", "mem_cleo"], Resolve(RolloutAudienceKind.Departments, "dep_front").MemberIds);

    [Fact]
    public void Locations_are_the_members_working_there() =>
        Assert.Equal(["mem_ana", "mem_cleo"], Resolve(RolloutAudienceKind.Locations, "loc_north").MemberIds);

    [Fact]
    public void Several_locations_are_their_members_together_in_member_order() =>
        Assert.Equal(["mem_ana", "mem_ben", "mem_cleo"], Resolve(RolloutAudienceKind.Locations, "loc_south", "loc_north").MemberIds);

    [Fact]
    public void An_unknown_location_is_named_by_its_position()
    {
        var resolution = Resolve(RolloutAudienceKind.Locations, "loc_gone", "loc_north", "dep_front");

        Assert.Empty(resolution.MemberIds);
        Assert.Equal(["audience.ids[0]", "audience.ids[2]"], resolution.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Without_the_organizations_locations_every_location_id_is_unknown() =>
        Assert.Equal(["audience.ids[0]"], RolloutAudience.Resolve(RolloutAudienceKind.Locations, ["loc_north"], Members, Departments).Errors.Select(e => e.Field));

    [Fact]
    public void A_location_nobody_works_at_is_an_error_on_the_audience() =>
        Assert.Equal(["audience"], Resolve(RolloutAudienceKind.Locations, "loc_empty").Errors.Select(e => e.Field));

    [Fact]
    public void Roles_are_the_members_with_one_of_them() =>
        Assert.Equal(["mem_cleo", "mem_dev"], Resolve(RolloutAudienceKind.Roles, "Leader", "Owner").MemberIds);

    [Fact]
    public void Listed_members_are_taken_once_each() =>
        Assert.Equal(["mem_ben", "mem_dev"], Resolve(RolloutAudienceKind.Members, "mem_dev", "mem_ben", "mem_dev").MemberIds);

    [Fact]
    public void An_unknown_department_is_named_by_its_position()
    {
        var resolution = Resolve(RolloutAudienceKind.Departments, "dep_front", "dep_gone");

        Assert.Empty(resolution.MemberIds);
        Assert.Equal(["audience.ids[1]"], resolution.Errors.Select(e => e.Field));
    }

    [Fact]
    public void An_unknown_or_departed_member_is_named_by_its_position() =>
        Assert.Equal(["audience.ids[0]", "audience.ids[2]"], Resolve(RolloutAudienceKind.Members, "mem_gone", "mem_ana", "mem_left").Errors.Select(e => e.Field));

    [Fact]
    public void An_audience_that_matches_nobody_is_an_error_on_the_audience()
    {
        var resolution = Resolve(RolloutAudienceKind.Departments, "dep_empty");

        Assert.Empty(resolution.MemberIds);
        Assert.Equal(["audience"], resolution.Errors.Select(e => e.Field));
    }

    [Fact]
    public void An_organization_without_members_has_nobody_to_roll_out_to() =>
        Assert.Equal(["audience"], RolloutAudience.Resolve(RolloutAudienceKind.Everyone, [], [], Departments).Errors.Select(e => e.Field));
}
