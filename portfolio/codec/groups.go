package codec

import "google.golang.org/protobuf/encoding/protowire"

// Relationship fields added for groups, numbered apart like the other additions.
const RelParticipant protowire.Number = 20

// Meeting fields added for restorative work: the Proctor functions as a bitmask.
const MeetFunctions protowire.Number = 20
