using System.Net.Mail;
using System.Text.RegularExpressions;

namespace ServiceVision.Domain.Organizations;

/// <summary>Validation of what people type when they sign up and describe their organization.</summary>
public static partial class OrganizationRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MinSlugLength = 3;
    public const int MaxSlugLength = 40;

    /// <summary>Slugs that would collide with the product's own paths.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "app", "admin", "www", "signup", "sign-in", "signin", "login", "logout", "health", "static", "assets", "openapi", "help", "support", "status",
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    public static IReadOnlyList<ValidationError> ValidateSignUp(string? organizationName, string? slug, string? ownerName, string? email, string? password)
    {
        var errors = new List<ValidationError>();
        RequireText(errors, "organizationName", organizationName, MaxNameLength);
        ValidateSlug(errors, slug);
        RequireText(errors, "ownerName", ownerName, MaxNameLength);
        ValidateEmail(errors, "email", email);
        ValidatePassword(errors, "password", password);
        return errors;
    }

    public static IReadOnlyList<ValidationError> ValidateProfile(string? name, string? description)
    {
        var errors = new List<ValidationError>();
        RequireText(errors, "name", name, MaxNameLength);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new ValidationError("description", $"At most {MaxDescriptionLength} characters."));
        }

        return errors;
    }

    /// <summary>How an e-mail address is compared and stored: trimmed and lower-case.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static void ValidateEmail(List<ValidationError> errors, string field, string? email)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(new ValidationError(field, "An e-mail address is required."));
        }
        else if (trimmed.Length > MaxEmailLength || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(new ValidationError(field, "This is not an e-mail address (for example ana@example.com)."));
        }
    }

    public static void ValidatePassword(List<ValidationError> errors, string field, string? password)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (password is null || password.Length < MinPasswordLength)
        {
            errors.Add(new ValidationError(field, $"A password has at least {MinPasswordLength} characters."));
        }
        else if (password.Length > MaxPasswordLength)
        {
            errors.Add(new ValidationError(field, $"A password has at most {MaxPasswordLength} characters."));
        }
        else if (password.Distinct().Count() < 4)
        {
            errors.Add(new ValidationError(field, "This password is too easy to guess: use more different characters."));
        }
    }

    public static void RequireText(List<ValidationError> errors, string field, string? value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new ValidationError(field, "This is required."));
        }
        else if (value.Trim().Length > maxLength)
        {
            errors.Add(new ValidationError(field, $"At most {maxLength} characters."));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(new ValidationError(field, "Control characters are not allowed."));
        }
    }

    private static void ValidateSlug(List<ValidationError> errors, string? slug)
    {
        if (string.IsNullOrEmpty(slug))
        {
            errors.Add(new ValidationError("slug", "A URL name is required (for example acme-coffee)."));
        }
        else if (slug.Length < MinSlugLength || slug.Length > MaxSlugLength || !SlugPattern().IsMatch(slug) || slug.Contains("--", StringComparison.Ordinal))
        {
            errors.Add(new ValidationError("slug", $"Use {MinSlugLength} to {MaxSlugLength} lower-case letters, digits and single hyphens, starting and ending with a letter or digit."));
        }
        else if (ReservedSlugs.Contains(slug))
        {
            errors.Add(new ValidationError("slug", $"'{slug}' is reserved; choose another."));
        }
    }
}
