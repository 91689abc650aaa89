-- A unit's own survey questions are named to clients by a code, "Q" and
-- their sort_order (store.Question.Code), which must therefore be unique
-- per unit: two questions added at once may not share it.

-- +goose Up
CREATE UNIQUE INDEX skm_questions_code ON skm_questions (unit_id, sort_order);

-- +goose Down
DROP INDEX skm_questions_code;
