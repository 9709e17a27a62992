// Package goals holds the goals list and a goal with its action plan.
package goals
