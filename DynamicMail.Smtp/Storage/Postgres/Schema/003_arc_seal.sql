-- DynamicMail's ARC set of a message, made after the door by the background sealer (issue #13); NULL: not sealed yet.
ALTER TABLE messages ADD COLUMN seal bytea;
