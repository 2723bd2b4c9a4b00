using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Http;

/// <summary>Courses built from the vision, with their right answers, and leaders' edits (/api/v1/training/courses). Leaders only.</summary>
public static class CourseEndpoints
{
    public static IEndpointRouteBuilder MapCourseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/training/courses").WithTags("Training");

        group.MapGet("/", ListCoursesAsync)
            .WithSummary("The organization's courses (the vision course once a vision is published).")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{courseId}", GetCourseAsync)
            .WithSummary("A course with every module, question and right answer; its ETag is the revision.")
            .RequireAuthorization(Policies.Leader);
        group.MapPut("/{courseId}", EditCourseAsync)
            .WithSummary("Edits titles, question texts, choices, right answers and accepted answers (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static ITrainingCatalogGrain Catalog(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(caller.OrganizationId));

    private static async Task<Ok<PagedList<CourseSummary>>> ListCoursesAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await Catalog(grains, caller).ListCourses(), page));

    private static async Task<Ok<CourseView>> GetCourseAsync(string courseId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var course = await Catalog(grains, caller).GetCourse(courseId);
        ETags.Set(context, course.Revision);
        return TypedResults.Ok(course);
    }

    private static async Task<Ok<CourseView>> EditCourseAsync(string courseId, CourseEdit request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var course = await Catalog(grains, caller).EditCourse(courseId, request, expected, caller.MemberId);
        ETags.Set(context, course.Revision);
        return TypedResults.Ok(course);
    }
}
