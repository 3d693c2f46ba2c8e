using BackCare.Domain;
using BackCare.Api.Contract;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackCare.Api.Exercises;

public static class ExercisesApi
{
    public static RouteGroupBuilder MapExercises(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/exercises").WithTags("Exercises");

        group.MapGet("", ListExercises)
            .WithName("listExercises")
            .WithSummary("List the self-mobilisation exercises")
            .WithDescription("The four exercises of the source article with their steps, holds, equipment and cautions. " +
                             "Filter by `region` (lumbar, thoracic) and `movement` (rotation, extension, flexion); an unknown value is a 400 problem.")
            .WithEnumQueryParameter<Region>("region", "Only exercises for this part of the spine.")
            .WithEnumQueryParameter<Movement>("movement", "Only exercises with this direction of movement.")
            .WithResponseDescription(StatusCodes.Status200OK, "The matching exercises in catalogue order, as a plain array (empty when none match).")
            .ProducesValidationProblem()
            .WithResponseDescription(StatusCodes.Status400BadRequest, "A `region` or `movement` value the API does not know; `errors` names the parameter and the accepted values.");

        group.MapGet("/{id}", GetExercise)
            .WithName("getExercise")
            .WithSummary("Get one exercise")
            .WithDescription("One exercise by its fixed id, such as `double-knee-to-chest`. An unknown id is a 404 problem.")
            .WithParameter("id", "The exercise's fixed id, as listed by GET /v1/exercises.", "double-knee-to-chest")
            .WithResponseDescription(StatusCodes.Status200OK, "The exercise, with its steps, hold, cautions and technique.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseDescription(StatusCodes.Status404NotFound, "There is no exercise with that id.");

        return group;
    }

    public static Results<Ok<IReadOnlyList<Exercise>>, ValidationProblem> ListExercises(
        ExerciseCatalogue catalogue, string? region = null, string? movement = null)
    {
        var errors = new Dictionary<string, string[]>();
        var regionFilter = QueryEnum.Parse<Region>(region, nameof(region), errors);
        var movementFilter = QueryEnum.Parse<Movement>(movement, nameof(movement), errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "One or more query parameters have values the API does not know.");
        }

        return TypedResults.Ok<IReadOnlyList<Exercise>>(catalogue.Filter(regionFilter, movementFilter).ToArray());
    }

    public static Results<Ok<Exercise>, ProblemHttpResult> GetExercise(string id, ExerciseCatalogue catalogue) =>
        catalogue.Find(id) is { } exercise
            ? TypedResults.Ok(exercise)
            : Problems.NotFound($"There is no exercise with id '{id}'. GET /v1/exercises lists the ids.");
}
