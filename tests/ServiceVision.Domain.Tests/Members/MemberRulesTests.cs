using ServiceVision.Domain.Members;

namespace ServiceVision.Domain.Tests.Members;

public sealed class MemberRulesTests
{
    [Theory]
    [InlineData("Employee", MemberRole.Employee)]
    [InlineData("leader", MemberRole.Leader)]
    [InlineData(" OWNER ", MemberRole.Owner)]
    public void Role_names_are_read_in_any_case(string value, MemberRole expected)
    {
        Assert.True(MemberRules.TryParseRole(value, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("Admin")]
    public void Anything_but_a_role_name_is_not_a_role(string? value) => Assert.False(MemberRules.TryParseRole(value, out _));

    [Fact]
    public void Parsing_a_validated_role_gives_the_role_and_anything_else_is_a_programming_error()
    {
        Assert.Equal(MemberRole.Leader, MemberRules.ParseRole("Leader"));
        Assert.Throws<ArgumentException>(() => MemberRules.ParseRole("Boss"));
    }

    [Fact]
    public void A_complete_invitation_is_valid() =>
        Assert.Empty(MemberRules.ValidateInvitation("lee@acme.example", "Lee Leader", "Leader", null));

    [Fact]
    public void Every_missing_invitation_field_is_named() =>
        Assert.Equal(["email", "name", "role"], MemberRules.ValidateInvitation(null, null, null, null).Select(e => e.Field));

    [Fact]
    public void An_invitation_with_a_bad_address_name_role_or_department_names_each_field() =>
        Assert.Equal(
            ["email", "name", "role", "departmentId"],
            MemberRules.ValidateInvitation("lee", new string('x', 101), "Boss", " ").Select(e => e.Field));

    [Fact]
    public void An_acceptance_needs_a_token_and_a_real_password_and_a_name_only_when_given()
    {
        Assert.Empty(MemberRules.ValidateAcceptance("org_x.secret", "member password 1234", null));
        Assert.Equal(["token", "password"], MemberRules.ValidateAcceptance(" ", "short", null).Select(e => e.Field));
        Assert.Equal("token", Assert.Single(MemberRules.ValidateAcceptance(new string('t', 201), "member password 1234", null)).Field);
        Assert.Equal("name", Assert.Single(MemberRules.ValidateAcceptance("org_x.secret", "member password 1234", "Lee\u0007")).Field);
        Assert.Equal("name", Assert.Single(MemberRules.ValidateAcceptance("org_x.secret", "member password 1234", "")).Field);
    }

    [Fact]
    public void A_member_change_needs_a_role_and_at_most_a_plausible_department_id()
    {
        Assert.Empty(MemberRules.ValidateMemberChange("Employee", null));
        Assert.Empty(MemberRules.ValidateMemberChange("Owner", "dep_0123"));
        Assert.Equal(["role", "departmentId"], MemberRules.ValidateMemberChange(null, new string('d', 101)).Select(e => e.Field));
    }

    [Fact]
    public void A_department_needs_a_name_and_a_description_within_the_limit()
    {
        Assert.Empty(MemberRules.ValidateDepartment("Front desk", null));
        Assert.Equal("name", Assert.Single(MemberRules.ValidateDepartment("  ", "Greets guests")).Field);
        Assert.Equal("description", Assert.Single(MemberRules.ValidateDepartment("Front desk", new string('x', 2001))).Field);
    }

    [Theory]
    [InlineData("Employee", true)]
    [InlineData("Leader", true)]
    [InlineData("Owner", false)]
    [InlineData("Root", false)]
    public void Api_keys_act_as_employees_or_leaders_never_as_owners(string role, bool valid)
    {
        var errors = MemberRules.ValidateApiKey("Payroll sync", role);

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("role", e.Field));
    }

    [Fact]
    public void A_role_filter_is_absent_or_a_role_name()
    {
        Assert.Empty(MemberRules.ValidateRoleFilter(null));
        Assert.Empty(MemberRules.ValidateRoleFilter("leader"));
        Assert.Equal("role", Assert.Single(MemberRules.ValidateRoleFilter("boss")).Field);
    }

    [Theory]
    [InlineData(1, MemberRole.Owner, null, true)]
    [InlineData(1, MemberRole.Owner, MemberRole.Leader, true)]
    [InlineData(1, MemberRole.Owner, MemberRole.Owner, false)]
    [InlineData(2, MemberRole.Owner, null, false)]
    [InlineData(2, MemberRole.Owner, MemberRole.Employee, false)]
    [InlineData(1, MemberRole.Leader, null, false)]
    public void Only_the_last_owner_cannot_leave_or_step_down(int owners, MemberRole current, MemberRole? next, bool leavesNoOwner) =>
        Assert.Equal(leavesNoOwner, MemberRules.LeavesNoOwner(owners, current, next));

    [Fact]
    public void Department_names_are_the_same_trimmed_and_ignoring_case()
    {
        Assert.True(MemberRules.SameDepartmentName("Front Desk", " front desk"));
        Assert.False(MemberRules.SameDepartmentName("Front Desk", "Front-Desk"));
    }
}
