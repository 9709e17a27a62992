// Package mentoring holds the mentoring list, a relationship with its agreement
// and meetings, and skill ratings.
package mentoring
