using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Organizations.Directory;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class InvitationsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Password = "member password 1234";

    private static CancellationToken Cancel => MemberApi.Cancel;

    private static string NewEmail() => $"invitee-{Guid.NewGuid():N}@example.com";

    private static async Task<JsonElement> InviteAsync(ApiSession owner, string email, string role = "Employee", string name = "Ivy Invitee", string? departmentId = null)
    {
        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email, name, role, departmentId });
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await MemberApi.JsonAsync(response);
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string? token, string? password = Password, string? name = null) =>
        MemberApi.SendAsync(client, HttpMethod.Post, "/api/v1/invitations/accept", new { token, password, name });

    private static async Task<int> MemberCountAsync(ApiSession owner) =>
        (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/organization")).GetProperty("memberCount").GetInt32();

    [Fact]
    public async Task The_owner_invites_two_leaders_who_accept_and_sign_in_with_their_own_password_and_see_the_same_organization()
    {
        var owner = await platform.SignUpAsync("Acme Hotels");
        var emails = new[] { NewEmail(), NewEmail() };

        foreach (var email in emails)
        {
            var invitation = await InviteAsync(owner, email.ToUpperInvariant(), "Leader", "Lee Leader");
            Assert.Equal(email, invitation.GetProperty("email").GetString());
            Assert.Equal("Leader", invitation.GetProperty("role").GetString());
            Assert.Equal(1, invitation.GetProperty("revision").GetInt64());
            Assert.StartsWith(owner.OrganizationId + ".", invitation.GetProperty("token").GetString(), StringComparison.Ordinal);
            var expiresIn = invitation.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
            Assert.InRange(expiresIn, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));

            using var invitee = platform.CreateClient();
            var accepted = await AcceptAsync(invitee, invitation.GetProperty("token").GetString(), $"{email} own password");
            await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
            var joined = await MemberApi.JsonAsync(accepted);
            Assert.Equal(owner.OrganizationId, joined.GetProperty("organizationId").GetString());
            Assert.Equal("Leader", joined.GetProperty("role").GetString());
            Assert.Equal("Lee Leader", joined.GetProperty("name").GetString());
        }

        foreach (var email in emails)
        {
            var leader = await platform.SignInAsync(email, $"{email} own password");
            var me = await MemberApi.GetJsonAsync(leader.Client, "/api/v1/me");
            Assert.Equal(owner.OrganizationId, me.GetProperty("organization").GetProperty("id").GetString());
            Assert.Equal("Acme Hotels", me.GetProperty("organization").GetProperty("name").GetString());
            Assert.Equal("Leader", me.GetProperty("member").GetProperty("role").GetString());
            Assert.Equal(email, me.GetProperty("member").GetProperty("email").GetString());
        }

        Assert.Equal(3, await MemberCountAsync(owner));
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_invitee_may_give_the_name_they_go_by_and_joins_the_department_named_in_the_invitation()
    {
        var owner = await platform.SignUpAsync();
        var frontDesk = await MemberApi.CreateDepartmentAsync(owner.Client, "Front desk");
        var invitation = await InviteAsync(owner, NewEmail(), "Employee", "Robert Smith", frontDesk);
        using var invitee = platform.CreateClient();

        var accepted = await AcceptAsync(invitee, invitation.GetProperty("token").GetString(), name: "Bob Smith");

        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        var me = (await MemberApi.GetJsonAsync(invitee, "/api/v1/me")).GetProperty("member");
        Assert.Equal("Bob Smith", me.GetProperty("name").GetString());
        Assert.Equal(frontDesk, me.GetProperty("departmentId").GetString());
        Assert.Equal(frontDesk, invitation.GetProperty("departmentId").GetString());
    }

    [Fact]
    public async Task Accepting_the_same_token_twice_gets_404_the_second_time()
    {
        var owner = await platform.SignUpAsync();
        var token = (await InviteAsync(owner, NewEmail())).GetProperty("token").GetString();

        var first = await AcceptAsync(platform.CreateClient(), token);
        var second = await AcceptAsync(platform.CreateClient(), token, "another password 5678");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(2, await MemberCountAsync(owner));
    }

    [Fact]
    public async Task Concurrent_accepts_of_one_token_create_one_member()
    {
        var owner = await platform.SignUpAsync();
        var token = (await InviteAsync(owner, NewEmail())).GetProperty("token").GetString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => AcceptAsync(platform.CreateClient(), token)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(2, await MemberCountAsync(owner));
    }

    [Fact]
    public async Task A_revoked_invitation_cannot_be_accepted_and_leaves_the_pending_list()
    {
        var owner = await platform.SignUpAsync();
        var invitation = await InviteAsync(owner, NewEmail());
        var id = invitation.GetProperty("id").GetString();

        var revoked = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/invitations/{id}");
        var accepted = await AcceptAsync(platform.CreateClient(), invitation.GetProperty("token").GetString());
        var revokedAgain = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/invitations/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revokedAgain.StatusCode);
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
        Assert.Equal(1, await MemberCountAsync(owner));
    }

    [Fact]
    public async Task Unknown_malformed_and_foreign_tokens_all_get_the_same_404()
    {
        var owner = await platform.SignUpAsync();
        var real = (await InviteAsync(owner, NewEmail())).GetProperty("token").GetString()!;
        var wrongSecret = owner.OrganizationId + "." + new string('A', 43);
        var unknownOrganization = "org_" + Guid.NewGuid().ToString("N") + real[real.IndexOf('.', StringComparison.Ordinal)..];
        var truncated = real[..^1];

        var answers = new List<HttpResponseMessage>();
        foreach (var token in new[] { wrongSecret, unknownOrganization, truncated, "not a token", "a.b.c" })
        {
            answers.Add(await AcceptAsync(platform.CreateClient(), token));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        var details = new HashSet<string?>();
        foreach (var answer in answers)
        {
            details.Add((await MemberApi.JsonAsync(answer)).GetProperty("detail").GetString());
        }

        Assert.Single(details);
        Assert.Equal(HttpStatusCode.OK, (await AcceptAsync(platform.CreateClient(), real)).StatusCode);
    }

    [Fact]
    public async Task An_expired_invitation_gets_the_same_404_and_leaves_the_pending_list()
    {
        var clock = new ShiftedTime();
        using var host = platform.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var owner = await ApiSessionsOn(host);
        var invited = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = NewEmail(), name = "Late Larry", role = "Employee" });
        await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
        var token = (await MemberApi.JsonAsync(invited)).GetProperty("token").GetString();

        clock.Offset = TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1);
        var accepted = await AcceptAsync(host.CreateClient(), token);

        Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        Assert.Equal("The invitation was not found.", (await MemberApi.JsonAsync(accepted)).GetProperty("detail").GetString());
        using var ownerAgain = host.CreateClient();
        await ApiSessions.EnsureAsync(await ownerAgain.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = owner.Email, password = owner.Password }, Cancel), HttpStatusCode.OK);
        Assert.Equal(0, (await MemberApi.GetJsonAsync(ownerAgain, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    private static async Task<ApiSession> ApiSessionsOn(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var response = await client.PostAsJsonAsync("/api/v1/signup", new { organizationName = "Clockwork", slug = "clock-" + Guid.NewGuid().ToString("N")[..10], ownerName = "Olivia Owner", email, password }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var body = await MemberApi.JsonAsync(response);
        return new ApiSession(client, body.GetProperty("organizationId").GetString()!, body.GetProperty("memberId").GetString()!, email, password);
    }

    [Fact]
    public async Task A_claim_on_the_address_left_behind_by_this_organization_for_a_non_member_does_not_block_the_invitee()
    {
        var owner = await platform.SignUpAsync();
        var email = NewEmail();
        var token = (await InviteAsync(owner, email)).GetProperty("token").GetString();

        // What an accept that crashed between claiming the address and creating the member leaves behind.
        var directory = platform.Services.GetRequiredService<PlatformDirectory>();
        await directory.ClaimEmailAsync(email, new Account(owner.OrganizationId, "mem_crashed", "not a hash", DateTimeOffset.UtcNow), _ => Task.FromResult(true), Cancel);

        var accepted = await AcceptAsync(platform.CreateClient(), token);

        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        Assert.Equal((await MemberApi.JsonAsync(accepted)).GetProperty("memberId").GetString(), (await platform.SignInAsync(email, Password)).MemberId);
    }

    [Fact]
    public async Task A_person_signed_in_to_another_organization_can_accept_and_then_acts_in_the_new_one()
    {
        var inviter = await platform.SignUpAsync();
        var elsewhere = await platform.SignUpAsync();
        var token = (await InviteAsync(inviter, NewEmail())).GetProperty("token").GetString();

        var accepted = await AcceptAsync(elsewhere.Client, token);

        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        Assert.Equal(inviter.OrganizationId, (await MemberApi.GetJsonAsync(elsewhere.Client, "/api/v1/me")).GetProperty("organization").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_address_that_is_a_member_or_already_invited_is_a_409_on_email()
    {
        var owner = await platform.SignUpAsync();
        var email = NewEmail();
        await InviteAsync(owner, email);

        var ownAddress = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = owner.Email.ToUpperInvariant(), name = "Me Again", role = "Employee" });
        var twice = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = " " + email + " ", name = "Twice", role = "Leader" });

        Assert.Equal(HttpStatusCode.Conflict, ownAddress.StatusCode);
        Assert.Equal(["email"], await MemberApi.ErrorFieldsAsync(ownAddress));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(["email"], await MemberApi.ErrorFieldsAsync(twice));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_invitee_whose_address_has_an_account_elsewhere_gets_409_on_email_and_the_invitation_stays_pending()
    {
        var elsewhere = await platform.SignUpAsync();
        var owner = await platform.SignUpAsync();
        var invitation = await InviteAsync(owner, elsewhere.Email);

        var accepted = await AcceptAsync(platform.CreateClient(), invitation.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.Conflict, accepted.StatusCode);
        Assert.Equal(["email"], await MemberApi.ErrorFieldsAsync(accepted));
        Assert.Equal(1, await MemberCountAsync(owner));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
        await platform.SignInAsync(elsewhere.Email, elsewhere.Password);
    }

    [Theory]
    [InlineData("{}", new[] { "email", "name", "role" })]
    [InlineData("{\"email\":\"nope\",\"name\":\"Ivy\",\"role\":\"Employee\"}", new[] { "email" })]
    [InlineData("{\"email\":\"ivy@example.com\",\"name\":\"Ivy\\u0000\",\"role\":\"Employee\"}", new[] { "name" })]
    [InlineData("{\"email\":\"ivy@example.com\",\"name\":\"Ivy\",\"role\":\"Boss\"}", new[] { "role" })]
    [InlineData("{\"email\":\"ivy@example.com\",\"name\":\"Ivy\",\"role\":\"Employee\",\"departmentId\":\"dep_missing\"}", new[] { "departmentId" })]
    public async Task An_invalid_invitation_is_a_400_naming_each_field_and_creates_nothing(string body, string[] fields)
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.PostAsync(new Uri("/api/v1/invitations", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields, await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_name_over_100_characters_is_a_400_on_name()
    {
        var owner = await platform.SignUpAsync();

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = NewEmail(), name = new string('n', 101), role = "Employee" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task An_invalid_acceptance_is_a_400_naming_the_field_and_does_not_use_the_token_up()
    {
        var owner = await platform.SignUpAsync();
        var token = (await InviteAsync(owner, NewEmail())).GetProperty("token").GetString();
        using var invitee = platform.CreateClient();

        var noToken = await AcceptAsync(invitee, null);
        var weakPassword = await AcceptAsync(invitee, token, "short");
        var badName = await AcceptAsync(invitee, token, Password, "   ");
        var good = await AcceptAsync(invitee, token);

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(["token"], await MemberApi.ErrorFieldsAsync(noToken));
        Assert.Equal(["password"], await MemberApi.ErrorFieldsAsync(weakPassword));
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(badName));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Theory]
    [InlineData("Employee")]
    [InlineData("Leader")]
    public async Task Only_owners_invite_list_or_revoke_invitations(string role)
    {
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, role);
        var pending = (await InviteAsync(owner, NewEmail())).GetProperty("id").GetString();

        var invite = await MemberApi.SendAsync(member.Client, HttpMethod.Post, "/api/v1/invitations", new { email = NewEmail(), name = "Sneaky", role = "Owner" });
        var list = await member.Client.GetAsync(new Uri("/api/v1/invitations", UriKind.Relative), Cancel);
        var revoke = await MemberApi.SendAsync(member.Client, HttpMethod.Delete, $"/api/v1/invitations/{pending}");

        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Without_a_session_inviting_is_401()
    {
        using var anonymous = platform.CreateClient();

        var response = await MemberApi.SendAsync(anonymous, HttpMethod.Post, "/api/v1/invitations", new { email = NewEmail(), name = "Nobody", role = "Employee" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_retried_invitation_with_the_same_idempotency_key_creates_one_and_never_shows_the_token_again()
    {
        var owner = await platform.SignUpAsync();
        var body = new { email = NewEmail(), name = "Retry Rita", role = "Employee" };
        var key = Guid.NewGuid().ToString();

        var first = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", body, idempotencyKey: key);
        var retry = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", body, idempotencyKey: key);
        var other = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = NewEmail(), name = "Other", role = "Employee" }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var token = (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("token").GetString()!;
        Assert.DoesNotContain(token, await retry.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Pending_invitations_are_listed_newest_first_in_pages_without_tokens()
    {
        var owner = await platform.SignUpAsync();
        var names = new[] { "First", "Second", "Third" };
        foreach (var name in names)
        {
            await InviteAsync(owner, NewEmail(), name: name);
        }

        var firstPage = await owner.Client.GetAsync(new Uri("/api/v1/invitations?pageSize=2", UriKind.Relative), Cancel);
        var secondPage = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations?pageSize=2&page=2");
        var tooBig = await owner.Client.GetAsync(new Uri("/api/v1/invitations?pageSize=101", UriKind.Relative), Cancel);

        await ApiSessions.EnsureAsync(firstPage, HttpStatusCode.OK);
        var page = await MemberApi.JsonAsync(firstPage);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(["Third", "Second"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["First"], secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.DoesNotContain("token", await firstPage.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", await firstPage.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(["pageSize"], await MemberApi.ErrorFieldsAsync(tooBig));
    }

    [Fact]
    public async Task Revoking_an_unknown_invitation_or_one_of_another_organization_is_404()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await InviteAsync(other, NewEmail());

        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, "/api/v1/invitations/inv_unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/invitations/{theirs.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(1, (await MemberApi.GetJsonAsync(other.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    /// <summary>The system clock moved by <see cref="Offset"/>, to let invitations expire.</summary>
    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
