using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.ServiceDesign;

/// <summary>
/// A department's own vision statement (DOMAIN.md: "there can be a company-wide vision and visions
/// for departments"). It is held to the same wording criteria as the company vision, so the
/// quality report comes from <see cref="VisionQualityCheck"/>.
/// </summary>
public static class DepartmentVisionRules
{
    /// <summary>The same limit as the company vision's statement.</summary>
    public const int MaxStatementLength = VisionDocumentValidator.MaxStatementLength;

    /// <summary>
    /// Field <c>statement</c>: required, at most <see cref="MaxStatementLength"/> characters once
    /// trimmed; line breaks allowed. Whether the statement is a <em>good</em> one is the quality
    /// report's job, not a validation error.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(string? statement)
    {
        var errors = new List<ValidationError>();
        TextRules.RequireParagraphs(errors, "statement", statement, MaxStatementLength);
        return errors;
    }
}
